/** The held-out part's Spanish phrasings (the sixth held-out part; written before the part was measured). */
import type { Phrasings } from '../../model';

export const heldEs: Phrasings = {
  labels: {
    title: ['Factura', 'FACTURA COMPLETA'],
    invoiceNo: ['Factura núm.', 'Nº factura', 'Referencia'],
    issueDate: ['Fecha', 'Emitida', 'Fecha factura'],
    dueDate: ['Fecha de cobro', 'Pago hasta el', 'Vence'],
    deliveryDate: ['Entregado el', 'Fecha servicio'],
    customerNo: ['Nº cliente', 'Cuenta cliente'],
    billTo: ['Cliente', 'Datos de facturación', 'Para'],
    from: ['Proveedor', 'Emisor'],
    pos: ['Nº', 'Línea'],
    description: ['Concepto', 'Descripción del trabajo'],
    qty: ['Cantidad', 'Horas/uds.'],
    unitPrice: ['Precio', 'Tarifa'],
    amount: ['Total', 'Subtotal línea'],
    subtotal: ['Base', 'Total sin IVA', 'Neto'],
    tax: ['IVA ({rate}%)', 'Impuesto IVA {rate} %', '+ IVA {rate}%'],
    total: ['TOTAL A PAGAR', 'Total con IVA', 'Importe total'],
    bank: ['Transferencia a', 'Cuenta bancaria'],
    accountHolder: ['Beneficiario', 'Titular de la cuenta'],
    phone: ['Tel.', 'Móvil'],
    vatId: ['N.I.F.', 'C.I.F.'],
    terms: ['Plazo de pago', 'Pago'],
    thanks: ['Muchas gracias.', 'Un cordial saludo,'],
  },
  termSentences: [
    'Forma de pago: transferencia a {n} días.',
    'El pago deberá realizarse en {n} días, antes del {due}.',
    'Plazo: {n} días netos.',
  ],
  shipping: ['Envío', 'Transporte'],
  taxOn: ['IVA {rate}% sobre {base}'],
  discount: ['Descuento {rate} %', 'Bonificación {rate}%'],
  greeting: ['Estimados señores:'],
  body: ['les facturamos lo siguiente:'],
};
