/** More English phrasings for the tuning part (the second held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const moreEn: Phrasings = {
  labels: {
    title: ['INVOICE', 'Invoice', 'SALES INVOICE', 'Tax Invoice'],
    invoiceNo: ['Invoice Number', 'Inv. No.', 'Invoice #', 'Our ref'],
    issueDate: ['Invoice Date', 'Date', 'Dated', 'Issue Date'],
    dueDate: ['Due Date', 'Payment Due', 'Please pay by', 'Due'],
    deliveryDate: ['Delivery Date', 'Work completed', 'Date of service'],
    customerNo: ['Account Number', 'Customer Ref', 'Cust. No.'],
    billTo: ['BILL TO', 'Invoice To', 'Client', 'Customer'],
    from: ['FROM', 'Supplier', 'Vendor'],
    pos: ['No.', 'Line'],
    description: ['Description', 'Details', 'Service'],
    qty: ['Qty', 'Units', 'Hours'],
    unitPrice: ['Unit Price', 'Rate', 'Price Each'],
    amount: ['Amount', 'Net', 'Total'],
    subtotal: ['Subtotal', 'Net Total', 'Total Net', 'Sub Total'],
    tax: ['VAT @ {rate}%', 'Tax ({rate}%)', 'Sales Tax {rate}%', 'VAT ({rate}%)'],
    total: ['TOTAL', 'Total Due', 'Amount Due', 'Invoice Total', 'Total Amount Due'],
    bank: ['Payment by bank transfer', 'BACS details', 'Wire to'],
    accountHolder: ['Account Name', 'Beneficiary', 'Payable to'],
    phone: ['Tel:', 'Phone:', 'Mob:'],
    vatId: ['VAT Registration No.', 'VAT No', 'Company VAT No.'],
    terms: ['Terms', 'Payment Terms'],
    thanks: ['Thank you for your custom.', 'Thanks for choosing us!'],
  },
  termSentences: [
    'Terms: strictly {n} days.',
    'Please settle within {n} days of the invoice date.',
    'Payment is due {n} days from the date of this invoice ({due}).',
    'Net {n} days',
  ],
  mail: {
    subject: ['Subject: {title} {number} from {vendor}', 'Re: your {title} {number} – {vendor}'],
    greeting: ['Dear {buyer} team,', 'Hello {buyer},'],
    intro: [
      'please find below our {title} {number} dated {date}.',
      'here is {title} {number} of {date} for the work below.',
    ],
    pay: ['Please transfer {total} by {due}.', 'The amount of {total} is due on {due}.'],
    regards: ['Kind regards,', 'Best wishes,'],
    people: ['Laura Mitchell', 'Tom Barker', 'Priya Shah'],
  },
};
