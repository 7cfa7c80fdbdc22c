/** The held-out part's Portuguese phrasings (the sixth held-out part; written before the part was measured). */
import type { Phrasings } from '../../model';

export const heldPt: Phrasings = {
  labels: {
    title: ['Fatura', 'FATURA DE SERVIÇOS'],
    invoiceNo: ['Fatura N.º', 'Nº documento', 'Referência'],
    issueDate: ['Data', 'Emitido em', 'Data fatura'],
    dueDate: ['Data limite de pagamento', 'Pagamento até', 'Vence em'],
    deliveryDate: ['Entregue em', 'Data de execução'],
    customerNo: ['N.º de cliente', 'Conta cliente'],
    billTo: ['Cliente', 'Para', 'Destinatário'],
    from: ['Fornecedor', 'Prestador de serviços'],
    pos: ['Ref.', 'N.'],
    description: ['Descrição', 'Designação'],
    qty: ['Quantidade', 'Horas'],
    unitPrice: ['Preço unitário', 'Preço/hora'],
    amount: ['Montante', 'Total linha'],
    subtotal: ['Incidência', 'Total sem IVA', 'Base tributável'],
    tax: ['IVA ({rate}%)', 'Imposto IVA {rate}%', 'IVA à taxa normal {rate}%'],
    total: ['TOTAL', 'Total com IVA', 'Montante a pagar'],
    bank: ['IBAN para pagamento', 'Transferência bancária'],
    accountHolder: ['Beneficiário', 'Titular'],
    phone: ['Telemóvel', 'Tel.'],
    vatId: ['NIPC', 'N.º contribuinte'],
    terms: ['Prazo de pagamento', 'Condições'],
    thanks: ['Muito obrigado.', 'Atenciosamente,'],
  },
  termSentences: [
    'Pagamento a {n} dias da data de emissão.',
    'Solicitamos o pagamento em {n} dias, até {due}.',
    'Vencimento: {n} dias.',
  ],
  shipping: ['Envio', 'Portes'],
  taxOn: ['IVA {rate}% s/ {base}'],
  discount: ['Desconto de {rate}%', 'Abatimento {rate}%'],
  greeting: ['Exmo. Cliente,'],
  body: ['Apresentamos a fatura dos seguintes serviços:'],
};
