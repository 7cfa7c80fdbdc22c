/** Fifth Dutch phrasings for the tuning part (the fifth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fifthNl: Phrasings = {
  labels: {
    title: ['Factuur', 'VERKOOPFACTUUR'],
    invoiceNo: ['Factuurnummer', 'Ons kenmerk', 'Nummer factuur'],
    issueDate: ['Datum van de factuur', 'Uitgegeven op', 'Factuurdatum'],
    dueDate: ['Uiterste betaaldatum', 'Gelieve te betalen voor', 'Vervaldag'],
    deliveryDate: ['Datum levering', 'Uitgevoerd op'],
    customerNo: ['Klantcode', 'Uw klantnummer'],
    billTo: ['Factuur aan', 'Klantgegevens', 'Gefactureerd aan'],
    from: ['Uitgegeven door', 'Onze gegevens'],
    pos: ['Regel', 'Nr.'],
    description: ['Product / dienst', 'Werkzaamheden'],
    qty: ['Aant.', 'Stuks'],
    unitPrice: ['Prijs p/st', 'Tarief'],
    amount: ['Totaal regel', 'Bedrag'],
    subtotal: ['Totaal exclusief btw', 'Subtotaal excl.', 'Netto totaal'],
    tax: ['Btw {rate}%', '{rate}% btw', 'BTW-bedrag ({rate}%)'],
    total: ['Totaal te voldoen', 'Te betalen bedrag', 'Totaalbedrag incl. btw'],
    bank: ['Betaling via', 'Bankgegevens'],
    accountHolder: ['Ten gunste van', 'Op naam van'],
    phone: ['Tel.', 'Telefoonnummer'],
    vatId: ['Btw-id', 'Ondernemingsnummer'],
    terms: ['Betaalvoorwaarden', 'Betaling'],
    thanks: ['Dank voor uw vertrouwen.', 'Met vriendelijke groet,'],
  },
  termSentences: [
    'Betaling binnen {n} dagen na factuurdatum.',
    'Graag binnen {n} dagen overmaken, uiterlijk {due}.',
    'Betalingstermijn: {n} dagen.',
  ],
  shipping: ['Vrachtkosten', 'Bezorgkosten'],
  taxOn: ['Btw {rate}% over {base}'],
  discount: ['Korting {rate}%', 'Af: {rate}% kredietbeperking'],
  greeting: ['Geachte heer/mevrouw,', 'Goedemiddag,'],
  body: ['Hierbij brengen wij u het volgende in rekening:', 'Voor de uitgevoerde werkzaamheden factureren wij:'],
  carried: [
    ['Transport', 'Transport'],
    ['Over te brengen', 'Overgebracht'],
  ],
  page: ['Pagina {n} van {m}', 'Blad {n}/{m}'],
};
