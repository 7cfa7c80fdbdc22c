/** Fifth Italian phrasings for the tuning part (the fifth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fifthIt: Phrasings = {
  labels: {
    title: ['Fattura', 'FATTURA DI VENDITA'],
    invoiceNo: ['Numero documento', 'Fatt. n.', 'Protocollo'],
    issueDate: ['Data emissione', 'Emessa in data', 'Data del documento'],
    dueDate: ['Scadenza pagamento', 'Pagare entro il', 'Data di pagamento'],
    deliveryDate: ['Data esecuzione', 'Periodo di riferimento'],
    customerNo: ['Cod. cliente', 'Vostro codice'],
    billTo: ['Destinatario', 'Intestazione fattura', 'Dati del cliente'],
    from: ['Emittente', 'I nostri dati'],
    pos: ['Riga', 'N.'],
    description: ['Descrizione del servizio', 'Oggetto'],
    qty: ['Q.tà', 'Quant.'],
    unitPrice: ['Prezzo cad.', 'Prezzo unitario'],
    amount: ['Importo', 'Valore'],
    subtotal: ['Totale imponibile', 'Imponibile netto', 'Totale merce e servizi'],
    tax: ['IVA {rate}%', 'Aliquota IVA {rate} %', 'Imposta al {rate} %'],
    total: ['Netto da pagare', 'Totale documento', 'Importo totale dovuto'],
    bank: ['Modalità di pagamento: bonifico', 'Appoggio bancario'],
    accountHolder: ['Beneficiario', 'Intestato a'],
    phone: ['Tel.', 'Telefono'],
    vatId: ['P. IVA', 'Partita IVA'],
    terms: ['Termini di pagamento', 'Pagamento'],
    thanks: ['Grazie per averci scelto.', 'Distinti saluti'],
  },
  termSentences: [
    'Pagamento a {n} giorni data fattura.',
    'Si prega di saldare entro {n} giorni, ovvero entro il {due}.',
    'Bonifico a {n} gg.',
  ],
  shipping: ['Spese di trasporto', 'Spese di consegna'],
  taxOn: ['IVA {rate}% su {base}'],
  discount: ['Sconto {rate}%', 'Sconto incondizionato {rate} %'],
  greeting: ['Gentile Cliente,', 'Spettabile Ditta,'],
  body: ['Vi addebitiamo quanto segue:', 'di seguito il dettaglio delle prestazioni eseguite.'],
  carried: [
    ['A riportare', 'Riporto'],
    ['Totale da riportare', 'Riporto da pagina precedente'],
  ],
  page: ['Pagina {n} di {m}', 'Foglio {n}/{m}'],
};
