/** Fifth Portuguese phrasings for the tuning part (the fifth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fifthPt: Phrasings = {
  labels: {
    title: ['Fatura', 'FATURA-RECIBO'],
    invoiceNo: ['N.º do documento', 'Fatura n.', 'Documento n.º'],
    issueDate: ['Data de emissão', 'Emitida a', 'Data do documento'],
    dueDate: ['Data de pagamento', 'Pagar até', 'Vencimento'],
    deliveryDate: ['Data de entrega', 'Data do serviço'],
    customerNo: ['Cód. cliente', 'O seu n.º de cliente'],
    billTo: ['Exmo.(s) Senhor(es)', 'Dados do adquirente', 'Faturado a'],
    from: ['Emitido por', 'Os nossos dados'],
    pos: ['Lin.', 'N.º'],
    description: ['Descrição do artigo', 'Serviço'],
    qty: ['Qtd.', 'Quant.'],
    unitPrice: ['Preço unit.', 'Valor unitário'],
    amount: ['Total', 'Valor'],
    subtotal: ['Total ilíquido', 'Valor sem IVA', 'Soma'],
    tax: ['IVA {rate}%', 'IVA à taxa de {rate} %', 'Taxa IVA {rate}%'],
    total: ['Total a liquidar', 'Valor total a pagar', 'Total do documento'],
    bank: ['Pagamento por transferência', 'Dados bancários'],
    accountHolder: ['Titular da conta', 'Em nome de'],
    phone: ['Tlf.', 'Telefone'],
    vatId: ['NIF', 'Contribuinte n.º'],
    terms: ['Condições de pagamento', 'Pagamento'],
    thanks: ['Obrigado pela preferência.', 'Com os melhores cumprimentos,'],
  },
  termSentences: [
    'Pagamento a {n} dias.',
    'Agradecemos o pagamento no prazo de {n} dias, até {due}.',
    'Prazo de pagamento: {n} dias da data da fatura.',
  ],
  shipping: ['Portes de envio', 'Despesas de transporte'],
  taxOn: ['IVA {rate}% sobre {base}'],
  discount: ['Desconto {rate}%', 'Desconto comercial de {rate} %'],
  greeting: ['Caro cliente,', 'Exmos. Senhores,'],
  body: ['Segue a faturação dos serviços prestados:', 'Discriminamos abaixo os artigos fornecidos:'],
  carried: [
    ['A transportar', 'Transporte'],
    ['Soma a transportar', 'Transporte da página anterior'],
  ],
  page: ['Página {n} de {m}', 'Folha {n}/{m}'],
};
