/** More German phrasings for the tuning part (the second held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const moreDe: Phrasings = {
  labels: {
    title: ['Rechnung', 'RECHNUNG', 'Rechnung (Original)'],
    invoiceNo: ['Rechnungsnr.', 'Rechnung-Nr.', 'Beleg-Nr.', 'Rechnungsnummer'],
    issueDate: ['Rechnungsdatum', 'Datum', 'Rechnungstag', 'Belegdatum'],
    dueDate: ['Fälligkeit', 'Zahlungsziel', 'fällig am', 'Zahlbar bis'],
    deliveryDate: ['Lieferdatum', 'Leistungszeitraum', 'Leistungsdatum'],
    customerNo: ['Kunden-Nr.', 'Debitor', 'Kundennr.'],
    billTo: ['Rechnungsanschrift', 'Kunde', 'Rechnungsempfänger', 'An'],
    from: ['Lieferant', 'Verkäufer', 'Auftragnehmer'],
    pos: ['Pos', 'Lfd. Nr.'],
    description: ['Artikelbezeichnung', 'Leistungsbeschreibung', 'Text'],
    qty: ['Menge', 'Std.', 'ME'],
    unitPrice: ['Preis', 'Einzelpr.', 'Stundensatz'],
    amount: ['Betrag', 'Gesamt', 'Summe'],
    subtotal: ['Warenwert', 'Nettobetrag', 'Summe Netto', 'Netto gesamt'],
    tax: ['zzgl. MwSt. {rate} %', '+ {rate} % USt', 'MwSt {rate}%', 'Umsatzsteuer ({rate} %)'],
    total: ['Rechnungsbetrag', 'Gesamtsumme', 'Bruttobetrag', 'Zahlbetrag'],
    bank: ['Bankverbindung', 'Zahlung an', 'Überweisung an'],
    accountHolder: ['Kontoinhaber', 'Zahlungsempfänger', 'Empfänger'],
    phone: ['Telefon:', 'Tel:', 'Fon:'],
    vatId: ['USt-ID', 'USt-IdNr.', 'Steuer-Nr.'],
    terms: ['Zahlungsbedingungen', 'Konditionen'],
    thanks: ['Wir bedanken uns für Ihren Auftrag.', 'Vielen Dank!'],
  },
  termSentences: [
    'Zahlbar ohne Abzug innerhalb von {n} Tagen.',
    'Bitte begleichen Sie den Rechnungsbetrag bis zum {due}.',
    'Zahlungsziel {n} Tage netto.',
    'Der Rechnungsbetrag ist innerhalb von {n} Tagen nach Rechnungsdatum ({due}) zu überweisen.',
  ],
  mail: {
    subject: ['Betreff: {title} {number} von {vendor}', 'Betreff: Ihre {title} {number}'],
    greeting: ['Sehr geehrte Damen und Herren der {buyer},', 'Guten Tag {buyer},'],
    intro: [
      'anbei erhalten Sie unsere {title} {number} vom {date}.',
      'hiermit stellen wir Ihnen mit {title} {number} vom {date} Folgendes in Rechnung:',
    ],
    pay: ['Bitte überweisen Sie {total} bis zum {due}.', 'Den Betrag von {total} begleichen Sie bitte bis {due}.'],
    regards: ['Mit freundlichen Grüßen', 'Viele Grüße'],
    people: ['Jonas Weber', 'Sabine Krüger', 'Markus Lehmann'],
  },
};
