/** More Portuguese phrasings for the tuning part (the second held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const morePt: Phrasings = {
  labels: {
    title: ['FATURA', 'Fatura', 'FATURA / RECIBO'],
    invoiceNo: ['Nº Fatura', 'Número', 'Fatura nº', 'Doc. nº'],
    issueDate: ['Data', 'Data de emissão', 'Data da fatura', 'Data doc.'],
    dueDate: ['Vencimento', 'Data de vencimento', 'Vence em', 'Data limite'],
    deliveryDate: ['Data de entrega', 'Data do serviço', 'Período'],
    customerNo: ['Cliente nº', 'Nº cliente', 'Código cliente'],
    billTo: ['Cliente', 'Exmo(s). Senhor(es)', 'Dados do cliente', 'Adquirente'],
    from: ['Fornecedor', 'Emitente', 'Vendedor'],
    pos: ['Cód.', 'Linha'],
    description: ['Descrição', 'Artigo', 'Serviço'],
    qty: ['Qtd', 'Quant.', 'Horas'],
    unitPrice: ['Preço', 'Preço unit.', 'Valor unit.'],
    amount: ['Valor', 'Total', 'Valor líquido'],
    subtotal: ['Subtotal', 'Total sem IVA', 'Base tributável', 'Valor s/ IVA'],
    tax: ['IVA {rate}%', 'IVA ({rate}%)', 'IVA à taxa de {rate}%', 'Imposto ({rate}%)'],
    total: ['TOTAL', 'Total a pagar', 'Total da fatura', 'Valor a pagar'],
    bank: ['Pagamento por transferência', 'Dados bancários', 'IBAN'],
    accountHolder: ['Titular', 'Beneficiário', 'Em nome de'],
    phone: ['Tel:', 'Telefone:', 'Tlm:'],
    vatId: ['NIF', 'Contribuinte', 'NIPC'],
    terms: ['Condições de pagamento', 'Pagamento'],
    thanks: ['Obrigado pela sua preferência.', 'Cumprimentos.'],
  },
  termSentences: [
    'Pagamento a {n} dias.',
    'Prazo de pagamento: {n} dias após emissão.',
    'Data limite de pagamento: {due} ({n} dias).',
    'Condições: pagamento a {n} dias da data da fatura.',
  ],
  mail: {
    subject: ['Assunto: {title} {number} – {vendor}', 'Assunto: a sua {title} {number}'],
    greeting: ['Exmos. Senhores da {buyer},', 'Olá {buyer},'],
    intro: ['enviamos em seguida a {title} {number} de {date}.', 'segue a {title} {number} emitida em {date}.'],
    pay: ['Agradecemos o pagamento de {total} até {due}.', 'O valor de {total} vence em {due}.'],
    regards: ['Com os melhores cumprimentos,', 'Atenciosamente,'],
    people: ['Ana Ferreira', 'Rui Costa', 'Inês Almeida'],
  },
};
