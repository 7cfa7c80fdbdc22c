/** Third Dutch phrasings for the tuning part (the third held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const thirdNl: Phrasings = {
  labels: {
    title: ['Factuur', 'FACTUUR', 'Eindfactuur'],
    invoiceNo: ['Factuurnummer', 'Factuurnr.', 'Nummer', 'Factuur'],
    issueDate: ['Factuurdatum', 'Datum', 'Datum factuur', 'Uitgiftedatum'],
    dueDate: ['Vervaldatum', 'Uiterste betaaldatum', 'Betalen vóór', 'Vervalt op'],
    deliveryDate: ['Leverdatum', 'Datum werkzaamheden', 'Geleverd op'],
    customerNo: ['Klantnummer', 'Klantnr.', 'Debiteur'],
    billTo: ['Factuur aan', 'Klant', 'Aan', 'Factuuradres'],
    from: ['Van', 'Leverancier', 'Afzender'],
    pos: ['Nr.', 'Art.'],
    description: ['Omschrijving', 'Product', 'Werkzaamheden'],
    qty: ['Aantal', 'Uren', 'St.'],
    unitPrice: ['Stukprijs', 'Prijs', 'Uurtarief'],
    amount: ['Bedrag', 'Totaal', 'Regeltotaal'],
    subtotal: ['Subtotaal', 'Totaal excl. btw', 'Netto bedrag', 'Totaal exclusief'],
    tax: ['Btw', 'BTW', 'Btw-bedrag', 'Totaal btw'],
    total: ['Totaal incl. btw', 'Te betalen', 'Totaalbedrag', 'Totaal'],
    bank: ['Betaling op rekening', 'Bankgegevens', 'IBAN'],
    accountHolder: ['T.n.v.', 'Ten name van', 'Rekeninghouder'],
    phone: ['Tel.', 'Telefoon', 'T'],
    vatId: ['Btw-nummer', 'BTW-nr.', 'Btw-id'],
    terms: ['Betalingsvoorwaarden', 'Betaling'],
    thanks: ['Bedankt voor uw vertrouwen.', 'Met vriendelijke groet,'],
  },
  termSentences: [
    'Betaling binnen {n} dagen na factuurdatum.',
    'Gelieve binnen {n} dagen (vóór {due}) te betalen.',
    'Betalingstermijn: {n} dagen.',
    'Te voldoen binnen {n} dagen.',
  ],
  shipping: ['Verzendkosten', 'Voorrijkosten', 'Transport'],
  taxOn: ['Btw {rate}% over {base}', 'BTW {rate}% van {base}'],
};
