/** The held-out part's Dutch phrasings (the sixth held-out part; written before the part was measured). */
import type { Phrasings } from '../../model';

export const heldNl: Phrasings = {
  labels: {
    title: ['Factuur', 'FACTUUR DIENSTEN'],
    invoiceNo: ['Factuur nr.', 'Documentnr.', 'Referentie'],
    issueDate: ['Datum', 'Factuur d.d.', 'Opgemaakt op'],
    dueDate: ['Betalen voor', 'Vervaldatum', 'Uiterlijk betalen op'],
    deliveryDate: ['Leverdatum', 'Geleverd op'],
    customerNo: ['Debiteurnummer', 'Klant nr.'],
    billTo: ['Aan', 'Klant', 'Factuuradres'],
    from: ['Leverancier', 'Afzender'],
    pos: ['#', 'Pos.'],
    description: ['Omschrijving', 'Artikel/dienst'],
    qty: ['Aantal', 'Uren'],
    unitPrice: ['Prijs', 'Stuksprijs'],
    amount: ['Bedrag', 'Regeltotaal'],
    subtotal: ['Subtotaal', 'Bedrag excl. btw', 'Netto bedrag'],
    tax: ['Btw {rate}%', 'Omzetbelasting {rate}%', 'BTW ({rate}%)'],
    total: ['Totaal', 'Te betalen', 'Factuurtotaal'],
    bank: ['Rekeningnummer', 'Overmaken naar'],
    accountHolder: ['T.n.v.', 'Rekeninghouder'],
    phone: ['Telefoon', 'Tel'],
    vatId: ['Btw-nummer', 'KvK-nr.'],
    terms: ['Betalingsconditie', 'Voorwaarden'],
    thanks: ['Bedankt voor de opdracht!', 'Hartelijke groet,'],
  },
  termSentences: [
    'Te voldoen binnen {n} dagen.',
    'Wij verzoeken u het bedrag binnen {n} dagen (voor {due}) over te maken.',
    'Betaaltermijn {n} dagen',
  ],
  shipping: ['Verzending', 'Transportkosten'],
  taxOn: ['{rate}% btw over {base}'],
  discount: ['Korting ({rate}%)', 'Klantkorting {rate}%'],
  greeting: ['Beste klant,'],
  body: ['Hierbij ontvangt u onze factuur voor:'],
};
