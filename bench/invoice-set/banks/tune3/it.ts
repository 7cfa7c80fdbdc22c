/** Third Italian phrasings for the tuning part (the third held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const thirdIt: Phrasings = {
  labels: {
    title: ['Fattura', 'FATTURA', 'Fattura n.'],
    invoiceNo: ['Numero fattura', 'Fattura n.', 'N. fattura', 'Nr. documento'],
    issueDate: ['Data fattura', 'Data', 'Data di emissione', 'Data documento'],
    dueDate: ['Scadenza', 'Data scadenza', 'Scadenza pagamento', 'Entro il'],
    deliveryDate: ['Data consegna', 'Data DDT', 'Data prestazione'],
    customerNo: ['Codice cliente', 'Cod. cliente', 'Rif. cliente'],
    billTo: ['Cliente', 'Spett.le', 'Destinatario', 'Cessionario'],
    from: ['Fornitore', 'Cedente', 'Mittente'],
    pos: ['N.', 'Rif.'],
    description: ['Descrizione', 'Articolo', 'Descrizione servizio'],
    qty: ['Quantità', 'Q.tà', 'Ore'],
    unitPrice: ['Prezzo unitario', 'Prezzo', 'Tariffa oraria'],
    amount: ['Importo', 'Totale riga', 'Importo netto'],
    subtotal: ['Imponibile', 'Totale imponibile', 'Subtotale', 'Totale netto'],
    tax: ['IVA', 'Totale IVA', 'Imposta', 'Importo IVA'],
    total: ['Totale fattura', 'Totale documento', 'Totale da pagare', 'TOTALE'],
    bank: ['Bonifico bancario su', 'Coordinate bancarie', 'IBAN'],
    accountHolder: ['Intestatario', 'Beneficiario', 'Intestato a'],
    phone: ['Tel.', 'Telefono', 'Cell.'],
    vatId: ['P.IVA', 'Partita IVA', 'C.F./P.IVA'],
    terms: ['Condizioni di pagamento', 'Pagamento'],
    thanks: ['Grazie per la fiducia.', 'Cordiali saluti.'],
  },
  termSentences: [
    'Pagamento a {n} giorni data fattura.',
    'Bonifico a {n} gg, scadenza {due}.',
    'Termini di pagamento: {n} giorni.',
    'Pagamento entro {n} giorni dal ricevimento.',
  ],
  shipping: ['Spese di trasporto', 'Spese di spedizione', 'Trasferta'],
  taxOn: ['IVA {rate}% su {base}', 'IVA {rate}% su imponibile {base}'],
};
