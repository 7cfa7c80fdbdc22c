/** Fifth German phrasings for the tuning part (the fifth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fifthDe: Phrasings = {
  labels: {
    title: ['Rechnung', 'Leistungsrechnung'],
    invoiceNo: ['Beleg Nr.', 'Rechnungs-Nummer', 'Vorgang'],
    issueDate: ['Ausstellungsdatum', 'Rechnung vom', 'Datum der Rechnung'],
    dueDate: ['Zahlbar spätestens am', 'Fälligkeitstermin', 'Bitte zahlen bis'],
    deliveryDate: ['Leistungszeitraum', 'Ausführungsdatum'],
    customerNo: ['Ihre Kundennummer', 'Debitoren-Nr.'],
    billTo: ['Leistungsempfänger', 'Rechnungsadresse', 'Empfänger der Leistung'],
    from: ['Leistungserbringer', 'Rechnungsaussteller'],
    pos: ['Lfd.', 'Pos'],
    description: ['Leistungsbeschreibung', 'Artikel / Leistung'],
    qty: ['Stk.', 'Anz.'],
    unitPrice: ['Preis je Einheit', 'E-Preis'],
    amount: ['Summe', 'Wert'],
    subtotal: ['Warenwert netto', 'Summe der Positionen', 'Netto-Betrag'],
    tax: ['+ Umsatzsteuer {rate} %', 'MwSt.-Satz {rate} %', 'zuzüglich {rate} % USt.'],
    total: ['Zahlbetrag', 'Rechnungsendbetrag', 'Bitte überweisen'],
    bank: ['Zahlungsweg', 'Überweisung an'],
    accountHolder: ['Begünstigter', 'Empfängerkonto'],
    phone: ['Fon', 'Telefonnummer'],
    vatId: ['UID-Nr.', 'USt.-ID'],
    terms: ['Konditionen', 'Zahlungsweise'],
    thanks: ['Vielen Dank für die gute Zusammenarbeit.', 'Freundliche Grüße'],
  },
  termSentences: [
    'Rechnungsbetrag fällig innerhalb von {n} Tagen.',
    'Bitte begleichen Sie die Rechnung binnen {n} Tagen, also bis zum {due}.',
    'Ziel: {n} Tage rein netto',
  ],
  shipping: ['Frachtkosten', 'Verpackung und Versand'],
  taxOn: ['Umsatzsteuer {rate} % von {base}'],
  discount: ['Nachlass {rate} %', 'abzüglich {rate} % Treuerabatt'],
  greeting: ['Guten Tag,', 'Sehr geehrte Kundin, sehr geehrter Kunde,'],
  body: ['hiermit stellen wir Ihnen folgende Leistungen in Rechnung:', 'vereinbarungsgemäß berechnen wir:'],
  carried: [
    ['Übertrag', 'Übertrag'],
    ['Zwischenübertrag', 'Übertrag von Seite 1'],
  ],
  page: ['Seite {n} von {m}', 'Blatt {n}/{m}'],
};
