/** More Dutch phrasings for the tuning part (the second held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const moreNl: Phrasings = {
  labels: {
    title: ['FACTUUR', 'Factuur', 'Verkoopfactuur'],
    invoiceNo: ['Factuurnummer', 'Factuurnr', 'Nummer', 'Factuur nr'],
    issueDate: ['Factuurdatum', 'Datum', 'Factuur datum', 'Datum factuur'],
    dueDate: ['Vervaldatum', 'Te betalen voor', 'Uiterste betaaldatum', 'Vervaldag'],
    deliveryDate: ['Leverdatum', 'Datum levering', 'Periode'],
    customerNo: ['Klantnummer', 'Debiteurnr.', 'Klantnr'],
    billTo: ['Aan', 'Klant', 'Factuuradres', 'Debiteur'],
    from: ['Van', 'Leverancier', 'Afzender'],
    pos: ['Nr', 'Regel'],
    description: ['Omschrijving', 'Artikel', 'Werkzaamheden'],
    qty: ['Aantal', 'Uren', 'Aant'],
    unitPrice: ['Prijs', 'Tarief', 'Prijs p/st'],
    amount: ['Bedrag', 'Totaal', 'Bedrag excl.'],
    subtotal: ['Subtotaal', 'Totaal excl. btw', 'Netto', 'Totaal exclusief BTW'],
    tax: ['BTW {rate}%', 'Btw ({rate}%)', '{rate}% BTW', 'BTW hoog ({rate}%)'],
    total: ['Totaal', 'Totaal incl. btw', 'Te betalen', 'Totaalbedrag'],
    bank: ['Betaling naar', 'Bankrekening', 'IBAN'],
    accountHolder: ['T.n.v.', 'Ten name van', 'Begunstigde'],
    phone: ['Tel:', 'Telefoon:', 'Mobiel:'],
    vatId: ['Btw-nr', 'BTW-nummer', 'Btw-id'],
    terms: ['Betalingsvoorwaarden', 'Betaling'],
    thanks: ['Hartelijk dank voor uw opdracht.', 'Met vriendelijke groet,'],
  },
  termSentences: [
    'Betaling binnen {n} dagen na factuurdatum.',
    'Gelieve het totaalbedrag vóór {due} over te maken.',
    'Betalingstermijn {n} dagen.',
    'U wordt verzocht binnen {n} dagen te betalen (uiterlijk {due}).',
  ],
  mail: {
    subject: ['Onderwerp: {title} {number} – {vendor}', 'Onderwerp: uw {title} {number}'],
    greeting: ['Geachte {buyer},', 'Beste {buyer},'],
    intro: ['hierbij ontvangt u onze {title} {number} van {date}.', 'hieronder vindt u {title} {number} d.d. {date}.'],
    pay: ['Graag ontvangen wij {total} vóór {due}.', 'Het bedrag van {total} dient uiterlijk {due} te zijn voldaan.'],
    regards: ['Met vriendelijke groet,', 'Groeten,'],
    people: ['Sanne de Jong', 'Pieter Bakker', 'Eva Visser'],
  },
};
