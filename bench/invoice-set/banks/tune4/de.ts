/** Fourth German phrasings for the tuning part (the fourth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fourthDe: Phrasings = {
  labels: {
    title: ['Rechnung', 'RECHNUNG'],
    invoiceNo: ['Rechnungs-Nr.', 'Rechnungsnummer', 'Belegnummer'],
    issueDate: ['Rechnungsdatum', 'Datum', 'Belegdatum'],
    dueDate: ['Fällig am', 'Fälligkeitsdatum', 'Zahlungsziel'],
    deliveryDate: ['Leistungsdatum', 'Lieferdatum'],
    customerNo: ['Kundennummer', 'Kunden-Nr.'],
    billTo: ['Rechnungsempfänger', 'Kunde'],
    from: ['Absender', 'Auftragnehmer'],
    pos: ['Pos.', 'Nr.'],
    description: ['Bezeichnung', 'Beschreibung'],
    qty: ['Menge', 'Anzahl'],
    unitPrice: ['Einzelpreis', 'Preis/Einh.'],
    amount: ['Gesamtpreis', 'Betrag'],
    subtotal: ['Nettobetrag', 'Zwischensumme', 'Summe netto'],
    tax: ['zzgl. {rate} % MwSt.', 'MwSt. {rate} %', 'USt. {rate} %'],
    total: ['Gesamtbetrag', 'Rechnungsbetrag', 'Bruttobetrag'],
    bank: ['Bankverbindung', 'Konto'],
    accountHolder: ['Kontoinhaber', 'Inhaber'],
    phone: ['Telefon', 'Tel.'],
    vatId: ['USt-IdNr.', 'Steuernummer'],
    terms: ['Zahlungsbedingungen', 'Zahlbar'],
    thanks: ['Wir danken für Ihren Auftrag.', 'Mit freundlichen Grüßen'],
  },
  termSentences: [
    'Zahlbar innerhalb von {n} Tagen ohne Abzug.',
    'Bitte überweisen Sie den Betrag innerhalb von {n} Tagen, spätestens bis {due}.',
    '{n} Tage netto',
  ],
  shipping: ['Versandkosten', 'Fahrtkosten'],
  taxOn: ['zzgl. {rate} % MwSt. auf {base}'],
  discount: ['abzgl. {rate} % Rabatt', 'Rabatt {rate} %'],
  greeting: ['Sehr geehrte Damen und Herren,'],
  body: ['für unsere Leistungen erlauben wir uns, Ihnen Folgendes in Rechnung zu stellen:', 'wir berechnen Ihnen:'],
};
