/** Third German phrasings for the tuning part (the third held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const thirdDe: Phrasings = {
  labels: {
    title: ['Rechnung', 'RECHNUNG', 'Schlussrechnung'],
    invoiceNo: ['Rechnungsnummer', 'Rechnungs-Nr', 'RG-Nr.', 'Nr.'],
    issueDate: ['Rechnungsdatum', 'Datum', 'Ausgestellt am', 'Rechnungs-Datum'],
    dueDate: ['Fällig am', 'Zahlbar bis', 'Fälligkeitsdatum', 'Zahlungsfrist'],
    deliveryDate: ['Leistungsdatum', 'Liefer-/Leistungsdatum', 'Lieferung am'],
    customerNo: ['Kundennummer', 'Kunden-Nr.', 'Ihre Kd.-Nr.'],
    billTo: ['Rechnungsempfänger', 'Kunde', 'Auftraggeber', 'Rechnung an'],
    from: ['Rechnungssteller', 'Absender', 'Leistender'],
    pos: ['Pos.', 'Position'],
    description: ['Bezeichnung', 'Leistung', 'Artikel / Leistung'],
    qty: ['Menge', 'Anz.', 'Std.'],
    unitPrice: ['Einzelpreis', 'EP', 'Stundensatz'],
    amount: ['Gesamtpreis', 'GP', 'Betrag'],
    subtotal: ['Zwischensumme', 'Summe netto', 'Nettosumme', 'Rechnungsbetrag netto'],
    tax: ['MwSt.', 'Umsatzsteuer', 'USt.', 'Mehrwertsteuer'],
    total: ['Gesamtbetrag', 'Rechnungsbetrag', 'Endsumme', 'Zu zahlen'],
    bank: ['Bankverbindung', 'Bitte überweisen auf', 'Zahlung per Überweisung'],
    accountHolder: ['Kontoinhaber', 'Empfänger', 'Inhaber'],
    phone: ['Tel.', 'Telefon', 'Mobil'],
    vatId: ['USt-IdNr.', 'Steuernummer', 'UID'],
    terms: ['Zahlungsbedingungen', 'Zahlung'],
    thanks: ['Vielen Dank für Ihren Auftrag.', 'Mit freundlichen Grüßen'],
  },
  termSentences: [
    'Zahlbar innerhalb von {n} Tagen ab Rechnungsdatum ohne Abzug.',
    'Zahlungsziel: {n} Tage netto ({due}).',
    'Bitte zahlen Sie innerhalb {n} Tagen.',
    'Fällig {n} Tage nach Rechnungsdatum.',
  ],
  shipping: ['Versandkosten', 'Fracht und Verpackung', 'Anfahrt'],
  taxOn: ['MwSt. {rate} % auf {base}', 'USt {rate} % von {base}'],
};
