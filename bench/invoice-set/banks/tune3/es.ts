/** Third Spanish phrasings for the tuning part (the third held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const thirdEs: Phrasings = {
  labels: {
    title: ['Factura', 'FACTURA', 'Factura completa'],
    invoiceNo: ['Nº de factura', 'Número de factura', 'Factura nº', 'Serie y número'],
    issueDate: ['Fecha de emisión', 'Fecha', 'Fecha factura', 'Fecha de expedición'],
    dueDate: ['Fecha de vencimiento', 'Vencimiento', 'Fecha límite de pago', 'Vto.'],
    deliveryDate: ['Fecha de entrega', 'Fecha de prestación', 'Fecha operación'],
    customerNo: ['Nº cliente', 'Cód. cliente', 'Ref. cliente'],
    billTo: ['Cliente', 'Facturar a', 'Datos del cliente', 'Destinatario'],
    from: ['Emisor', 'Proveedor', 'Datos del emisor'],
    pos: ['Nº', 'Ref.'],
    description: ['Concepto', 'Descripción', 'Detalle'],
    qty: ['Cantidad', 'Uds.', 'Horas'],
    unitPrice: ['Precio unitario', 'Precio', 'Precio/hora'],
    amount: ['Importe', 'Total', 'Importe neto'],
    subtotal: ['Base imponible', 'Subtotal', 'Total base imponible', 'Importe neto'],
    tax: ['IVA', 'Cuota IVA', 'Total IVA', 'Impuestos'],
    total: ['Total factura', 'TOTAL', 'Total a pagar', 'Importe total'],
    bank: ['Transferencia bancaria a', 'Datos bancarios', 'IBAN'],
    accountHolder: ['Titular de la cuenta', 'Beneficiario', 'Titular'],
    phone: ['Tel.', 'Teléfono', 'Tlf.'],
    vatId: ['NIF', 'CIF', 'NIF-IVA'],
    terms: ['Condiciones de pago', 'Pago'],
    thanks: ['Gracias por su confianza.', 'Atentamente.'],
  },
  termSentences: [
    'Pago a {n} días fecha factura.',
    'Forma de pago: transferencia a {n} días (vencimiento {due}).',
    'Plazo de pago: {n} días.',
    'Pago en {n} días.',
  ],
  shipping: ['Portes', 'Gastos de envío', 'Desplazamiento'],
  taxOn: ['IVA {rate}% s/ {base}', 'IVA {rate}% sobre {base}'],
};
