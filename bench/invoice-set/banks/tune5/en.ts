/** Fifth English phrasings for the tuning part (the fifth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fifthEn: Phrasings = {
  labels: {
    title: ['Invoice', 'Tax invoice'],
    invoiceNo: ['Invoice reference', 'Document no.', 'Bill number'],
    issueDate: ['Date of invoice', 'Invoice issued', 'Billing date'],
    dueDate: ['Payment deadline', 'Settle by', 'Due for payment'],
    deliveryDate: ['Work carried out', 'Supply date'],
    customerNo: ['Your account', 'Customer code'],
    billTo: ['Invoiced to', 'Charge to', 'Client details'],
    from: ['Issued by', 'Our details'],
    pos: ['Ln', 'No'],
    description: ['Particulars', 'Work done'],
    qty: ['Units', 'No. of units'],
    unitPrice: ['Price per unit', 'Each'],
    amount: ['Value', 'Sum'],
    subtotal: ['Pre-tax amount', 'Goods and services', 'Net value'],
    tax: ['Plus VAT at {rate}%', 'Sales tax @ {rate}%', 'Tax {rate} %'],
    total: ['Amount owing', 'Please pay', 'Total to pay'],
    bank: ['How to pay', 'Our bank'],
    accountHolder: ['In favour of', 'Account title'],
    phone: ['Telephone', 'Call us'],
    vatId: ['VAT reg. no.', 'Federal tax ID'],
    terms: ['Payment conditions', 'Settlement'],
    thanks: ['We value your business.', 'Many thanks.'],
  },
  termSentences: [
    'Settlement within {n} days, please.',
    'Our terms are {n} days from invoice.',
    'Kindly pay within {n} days, by {due} at the latest.',
  ],
  shipping: ['Carriage', 'Delivery fee'],
  taxOn: ['VAT at {rate}% on {base}'],
  discount: ['Early-order discount {rate}%', 'Less {rate}% trade discount'],
  greeting: ['Good afternoon,', 'To whom it may concern,'],
  body: ['Our charges are set out below.', 'This invoice covers the following.'],
  carried: [
    ['Carried forward', 'Brought forward'],
    ['Balance c/f', 'Balance b/f'],
  ],
  page: ['Page {n} of {m}', 'Sheet {n}/{m}'],
};
