/** The held-out part's German phrasings (the sixth held-out part; written before the part was measured). */
import type { Phrasings } from '../../model';

export const heldDe: Phrasings = {
  labels: {
    title: ['Rechnung', 'Handwerkerrechnung'],
    invoiceNo: ['Rechnungsnr.', 'Beleg-Nummer', 'Fakturanummer'],
    issueDate: ['Fakturadatum', 'Ausstellungstag', 'Erstellt am'],
    dueDate: ['Zahlungstermin', 'Fällig spätestens', 'Zahlungsfrist bis'],
    deliveryDate: ['Leistungstag', 'Lieferung am'],
    customerNo: ['Kd.-Nr.', 'Kundenkonto'],
    billTo: ['Rechnungsanschrift', 'Besteller', 'Auftraggeber'],
    from: ['Verkäufer', 'Rechnungsersteller'],
    pos: ['Position', 'Zeile'],
    description: ['Text', 'Leistung / Artikel'],
    qty: ['Menge', 'Einheiten'],
    unitPrice: ['Stückpreis', 'Einzelpreis netto'],
    amount: ['Gesamt netto', 'Positionsbetrag'],
    subtotal: ['Nettosumme', 'Betrag ohne USt.', 'Summe ohne Steuer'],
    tax: ['zzgl. Steuer {rate} %', 'Steuer {rate} %', 'USt {rate}%'],
    total: ['Endbetrag', 'Rechnungssumme', 'Gesamtbetrag (brutto)'],
    bank: ['Bankdaten', 'Zahlung per Überweisung'],
    accountHolder: ['Kontoinhaberin', 'Empfänger'],
    phone: ['Tel.-Nr.', 'Rufnummer'],
    vatId: ['Umsatzsteuer-ID', 'St.-Nr.'],
    terms: ['Zahlungskonditionen', 'Fälligkeit'],
    thanks: ['Besten Dank für Ihren Auftrag!', 'Mit besten Grüßen'],
  },
  termSentences: [
    'Zahlung innerhalb {n} Tagen netto Kasse.',
    'Bitte zahlen Sie bis spätestens {due} ({n} Tage).',
    'Zahlungsziel {n} Tage.',
  ],
  shipping: ['Porto', 'Transportkosten'],
  taxOn: ['USt. {rate} % auf {base}'],
  discount: ['Sonderrabatt {rate} %', 'abzgl. Nachlass {rate} %'],
  greeting: ['Sehr geehrte Damen und Herren,'],
  body: ['wir erlauben uns zu berechnen:'],
};
