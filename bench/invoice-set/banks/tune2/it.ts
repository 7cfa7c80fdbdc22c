/** More Italian phrasings for the tuning part (the second held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const moreIt: Phrasings = {
  labels: {
    title: ['FATTURA', 'Fattura', 'FATTURA DI VENDITA'],
    invoiceNo: ['N. documento', 'Numero', 'Fattura n°', 'Num. fattura'],
    issueDate: ['Data', 'Data documento', 'Data fattura', 'Del'],
    dueDate: ['Scadenza', 'Data scadenza', 'Scad.', 'Da pagare entro il'],
    deliveryDate: ['Data consegna', 'Data intervento', 'Periodo'],
    customerNo: ['Cod. cliente', 'Cliente n.', 'Codice'],
    billTo: ['Spett.le', 'Cliente', 'Destinatario', 'Intestatario'],
    from: ['Fornitore', 'Cedente', 'Emittente'],
    pos: ['Cod.', 'Pos.'],
    description: ['Descrizione', 'Articolo', 'Descrizione prestazione'],
    qty: ['Q.tà', 'Quantità', 'Ore'],
    unitPrice: ['Prezzo', 'Prezzo unit.', 'Tariffa'],
    amount: ['Importo', 'Totale', 'Imponibile'],
    subtotal: ['Imponibile', 'Totale imponibile', 'Totale netto', 'Tot. imponibile'],
    tax: ['IVA {rate}%', 'IVA ({rate}%)', 'Imposta {rate}%', 'Totale IVA {rate}%'],
    total: ['TOTALE', 'Totale fattura', 'Totale documento', 'Netto a pagare'],
    bank: ['Pagamento tramite bonifico', 'Coordinate bancarie', 'IBAN'],
    accountHolder: ['Intestatario', 'Beneficiario', 'Intestato a'],
    phone: ['Tel.', 'Tel:', 'Cell:'],
    vatId: ['P.IVA', 'P. IVA', 'Partita IVA'],
    terms: ['Pagamento', 'Condizioni di pagamento'],
    thanks: ['Grazie per averci scelto.', 'Distinti saluti.'],
  },
  termSentences: [
    'Pagamento: bonifico a {n} giorni d.f.',
    'Modalità di pagamento: bonifico bancario {n} gg data fattura.',
    'Scadenza pagamento: {due} ({n} giorni).',
    'Pagamento entro {n} giorni.',
  ],
  mail: {
    subject: ['Oggetto: {title} {number} – {vendor}', 'Oggetto: vostra {title} {number}'],
    greeting: ['Spett.le {buyer},', 'Buongiorno {buyer},'],
    intro: ['vi inviamo la {title} {number} del {date}.', 'di seguito la {title} {number} emessa il {date}.'],
    pay: ['Vi preghiamo di saldare {total} entro il {due}.', 'L’importo di {total} scade il {due}.'],
    regards: ['Cordiali saluti,', 'Distinti saluti,'],
    people: ['Giulia Rossi', 'Marco Bianchi', 'Chiara Conti'],
  },
};
