/** Third English phrasings for the tuning part (the third held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const thirdEn: Phrasings = {
  labels: {
    title: ['Invoice', 'INVOICE', 'Commercial Invoice'],
    invoiceNo: ['Invoice No.', 'Invoice Ref.', 'Number', 'Invoice Number'],
    issueDate: ['Date of Invoice', 'Invoice Date', 'Date', 'Tax Date'],
    dueDate: ['Payment Due Date', 'Due Date', 'Due On', 'Payable By'],
    deliveryDate: ['Shipped', 'Delivery', 'Service Period'],
    customerNo: ['Customer No.', 'Account', 'Client ID'],
    billTo: ['Billing Address', 'Bill To', 'Sold To', 'Customer'],
    from: ['From', 'Issued By', 'Seller'],
    pos: ['Item', '#'],
    description: ['Item Description', 'Description', 'Product / Service'],
    qty: ['Quantity', 'Qty', 'Hrs'],
    unitPrice: ['Unit Price', 'Price', 'Rate/Hr'],
    amount: ['Line Total', 'Amount', 'Ext. Price'],
    subtotal: ['Subtotal', 'Total before tax', 'Net Amount', 'Sub Total'],
    tax: ['VAT', 'Sales Tax', 'Tax', 'VAT Amount'],
    total: ['Total', 'Balance Due', 'Total (incl. VAT)', 'Amount Payable'],
    bank: ['Bank Details', 'Pay by transfer to', 'Remittance'],
    accountHolder: ['Account Holder', 'Account Name', 'Beneficiary'],
    phone: ['Phone', 'Tel.', 'Call'],
    vatId: ['VAT Reg', 'VAT ID', 'Tax Reg. No.'],
    terms: ['Terms', 'Conditions'],
    thanks: ['Thank you!', 'We appreciate your prompt payment.'],
  },
  termSentences: [
    '{n} days net',
    'Payment within {n} days, i.e. by {due}.',
    'Terms: Net {n}',
    'Payable within {n} days of receipt.',
  ],
  shipping: ['Shipping & handling', 'Delivery charge', 'Freight'],
  taxOn: ['VAT {rate}% on {base}', 'Tax {rate}% of {base}'],
};
