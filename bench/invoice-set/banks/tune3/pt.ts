/** Third Portuguese phrasings for the tuning part (the third held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const thirdPt: Phrasings = {
  labels: {
    title: ['Fatura', 'FATURA', 'Fatura-Recibo'],
    invoiceNo: ['Número da fatura', 'Fatura n.º', 'N.º', 'Fatura nº'],
    issueDate: ['Data de emissão', 'Data', 'Data da fatura', 'Emitida em'],
    dueDate: ['Data de vencimento', 'Vencimento', 'Data limite', 'Pagar até'],
    deliveryDate: ['Data de entrega', 'Data da prestação', 'Data do serviço'],
    customerNo: ['N.º cliente', 'Cliente n.º', 'Cód. cliente'],
    billTo: ['Cliente', 'Exmo.(s) Sr.(s)', 'Faturar a', 'Destinatário'],
    from: ['Fornecedor', 'Emitente', 'De'],
    pos: ['N.º', 'Ref.'],
    description: ['Descrição', 'Designação', 'Artigo'],
    qty: ['Qtd.', 'Quantidade', 'Horas'],
    unitPrice: ['Preço unitário', 'Preço', 'Valor/hora'],
    amount: ['Valor', 'Total', 'Montante'],
    subtotal: ['Subtotal', 'Total ilíquido', 'Base tributável', 'Total s/ IVA'],
    tax: ['IVA', 'Total IVA', 'Valor IVA', 'Imposto'],
    total: ['Total', 'Total a pagar', 'Valor total', 'Total da fatura'],
    bank: ['Transferência bancária para', 'Dados bancários', 'IBAN'],
    accountHolder: ['Titular', 'Beneficiário', 'Titular da conta'],
    phone: ['Tel.', 'Telefone', 'Telm.'],
    vatId: ['NIF', 'Contribuinte', 'NIPC'],
    terms: ['Condições de pagamento', 'Pagamento'],
    thanks: ['Obrigado pela preferência.', 'Cumprimentos.'],
  },
  termSentences: [
    'Pagamento a {n} dias da data da fatura.',
    'Prazo de pagamento: {n} dias ({due}).',
    'Vencimento a {n} dias.',
    'Pagamento no prazo de {n} dias.',
  ],
  shipping: ['Portes', 'Despesas de envio', 'Deslocação'],
  taxOn: ['IVA {rate}% sobre {base}', 'IVA à taxa de {rate}% s/ {base}'],
};
