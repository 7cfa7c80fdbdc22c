/** The held-out part's English phrasings (the sixth held-out part; written before the part was measured). */
import type { Phrasings } from '../../model';

export const heldEn: Phrasings = {
  labels: {
    title: ['Invoice', 'Billing statement'],
    invoiceNo: ['Invoice code', 'Doc. number', 'Invoice serial'],
    issueDate: ['Date raised', 'Invoice dated', 'Issued on'],
    dueDate: ['Pay before', 'Deadline for payment', 'Latest payment date'],
    deliveryDate: ['Date of delivery', 'Performed on'],
    customerNo: ['Client number', 'Debtor no.'],
    billTo: ['Addressed to', 'Invoice recipient', 'Buyer'],
    from: ['Supplied by', 'Invoicing party'],
    pos: ['Pos.', 'Line no.'],
    description: ['Item / service', 'What'],
    qty: ['Count', 'Qty.'],
    unitPrice: ['Unit rate', 'Price/unit'],
    amount: ['Line amount', 'Extended'],
    subtotal: ['Total net of tax', 'Amount before VAT', 'Net sum'],
    tax: ['VAT charged at {rate}%', 'Tax due ({rate}%)', 'GST {rate}%'],
    total: ['Gross amount due', 'Total owed', 'Invoice amount'],
    bank: ['Remittance details', 'Bank transfer'],
    accountHolder: ['Payable to', 'Name on account'],
    phone: ['Tel. no.', 'Contact'],
    vatId: ['VAT ID no.', 'Tax number'],
    terms: ['Terms of payment', 'Due terms'],
    thanks: ['Thank you for your order.', 'Regards,'],
  },
  termSentences: [
    'Payable {n} days net.',
    'Please remit within {n} days of this invoice.',
    'Payment is expected within {n} days ({due}).',
  ],
  shipping: ['Postage and packing', 'Courier'],
  taxOn: ['VAT {rate}% of {base}'],
  discount: ['Loyalty discount {rate}%', 'Minus {rate}% discount'],
  greeting: ['Dear customer,'],
  body: ['We have invoiced the following.'],
};
