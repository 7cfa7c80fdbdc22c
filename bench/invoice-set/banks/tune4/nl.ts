/** Fourth Dutch phrasings for the tuning part (the fourth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fourthNl: Phrasings = {
  labels: {
    title: ['Factuur', 'FACTUUR'],
    invoiceNo: ['Factuurnummer', 'Factuurnr.', 'Nummer'],
    issueDate: ['Factuurdatum', 'Datum'],
    dueDate: ['Vervaldatum', 'Uiterste betaaldatum', 'Betalen voor'],
    deliveryDate: ['Leverdatum', 'Leveringsdatum'],
    customerNo: ['Klantnummer', 'Debiteurnummer'],
    billTo: ['Aan', 'Klant'],
    from: ['Van', 'Leverancier'],
    pos: ['Nr.', 'Art.'],
    description: ['Omschrijving', 'Artikel'],
    qty: ['Aantal', 'Aant.'],
    unitPrice: ['Prijs', 'Stukprijs'],
    amount: ['Bedrag', 'Totaal'],
    subtotal: ['Subtotaal', 'Totaal excl. btw', 'Netto bedrag'],
    tax: ['Btw {rate}%', 'BTW ({rate}%)'],
    total: ['Totaal incl. btw', 'Te betalen', 'Totaalbedrag'],
    bank: ['Bankgegevens', 'Rekening'],
    accountHolder: ['T.n.v.', 'Ten name van'],
    phone: ['Tel.', 'Telefoon'],
    vatId: ['Btw-nummer', 'KvK'],
    terms: ['Betalingsvoorwaarden', 'Betaling'],
    thanks: ['Hartelijk dank voor uw opdracht.', 'Met vriendelijke groet,'],
  },
  termSentences: [
    'Betaling binnen {n} dagen.',
    'Gelieve binnen {n} dagen te betalen, uiterlijk {due}.',
    '{n} dagen netto',
  ],
  shipping: ['Verzendkosten', 'Voorrijkosten'],
  taxOn: ['Btw {rate}% over {base}'],
  discount: ['Korting {rate}%', 'Kortingsbedrag ({rate}%)'],
  greeting: ['Geachte heer/mevrouw,'],
  body: ['Hierbij brengen wij u het volgende in rekening:', 'Voor onze werkzaamheden berekenen wij:'],
};
