/** The held-out part's Italian phrasings (the sixth held-out part; written before the part was measured). */
import type { Phrasings } from '../../model';

export const heldIt: Phrasings = {
  labels: {
    title: ['Fattura', 'FATTURA IMMEDIATA'],
    invoiceNo: ['Fattura nr.', 'Doc. n.', 'Numero'],
    issueDate: ['Data', 'Del', 'Data fattura'],
    dueDate: ['Scadenza', 'Termine ultimo', 'Da saldare entro il'],
    deliveryDate: ['Data consegna', 'Eseguito il'],
    customerNo: ['Codice cliente', 'Cliente n.'],
    billTo: ['Spett.le', 'Cliente', 'Cessionario'],
    from: ['Cedente', 'Fornitore'],
    pos: ['Pos.', 'Nr'],
    description: ['Descrizione', 'Prestazione'],
    qty: ['Quantità', 'Ore/Pz'],
    unitPrice: ['Prezzo unit.', 'Tariffa'],
    amount: ['Totale riga', 'Importo netto'],
    subtotal: ['Imponibile', 'Totale netto', 'Subtotale'],
    tax: ['IVA al {rate}%', 'Imposta {rate} %', 'IVA ({rate}%)'],
    total: ['TOTALE FATTURA', 'Totale da corrispondere', 'Importo da versare'],
    bank: ['Coordinate bancarie', 'IBAN per il pagamento'],
    accountHolder: ['Intestatario conto', 'A favore di'],
    phone: ['Tel', 'Cellulare'],
    vatId: ['C.F./P.IVA', 'Cod. fiscale'],
    terms: ['Condizioni di pagamento', 'Scadenze'],
    thanks: ['Cordiali saluti', 'Grazie per la fiducia.'],
  },
  termSentences: [
    'Pagamento: bonifico bancario a {n} giorni.',
    'Da saldare entro {n} giorni dalla data fattura ({due}).',
    'Rimessa diretta {n} gg d.f.',
  ],
  shipping: ['Trasporto', 'Spese di spedizione'],
  taxOn: ['IVA {rate}% sull’imponibile di {base}'],
  discount: ['Sconto cliente {rate}%', 'Abbuono {rate} %'],
  greeting: ['Egregi Signori,'],
  body: ['Vi trasmettiamo la fattura per quanto segue:'],
};
