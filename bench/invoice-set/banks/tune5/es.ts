/** Fifth Spanish phrasings for the tuning part (the fifth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fifthEs: Phrasings = {
  labels: {
    title: ['Factura', 'FACTURA ORDINARIA'],
    invoiceNo: ['Número de la factura', 'Serie y número', 'Nº de documento'],
    issueDate: ['Fecha de expedición', 'Expedida el', 'Fecha del documento'],
    dueDate: ['Fecha límite de pago', 'A pagar antes del', 'Vencimiento del pago'],
    deliveryDate: ['Fecha de la operación', 'Fecha de prestación'],
    customerNo: ['Código cliente', 'Su número de cliente'],
    billTo: ['Datos del cliente', 'Destinatario de la factura', 'Facturar a'],
    from: ['Datos del emisor', 'Expedida por'],
    pos: ['Lín.', 'Ref.'],
    description: ['Artículo / servicio', 'Detalle'],
    qty: ['Uds.', 'Cant.'],
    unitPrice: ['Precio unidad', 'P. unitario'],
    amount: ['Importe', 'Total línea'],
    subtotal: ['Base imponible total', 'Suma de conceptos', 'Importe neto'],
    tax: ['IVA al {rate} %', 'Cuota IVA ({rate} %)', 'I.V.A. {rate}%'],
    total: ['Total a abonar', 'Importe líquido', 'Total factura (IVA incl.)'],
    bank: ['Forma de pago: transferencia', 'Datos bancarios'],
    accountHolder: ['Titular', 'A nombre de'],
    phone: ['Tfno.', 'Teléfono'],
    vatId: ['NIF', 'CIF'],
    terms: ['Condiciones', 'Forma de pago'],
    thanks: ['Gracias por su confianza.', 'Atentamente,'],
  },
  termSentences: [
    'Pago a {n} días fecha factura.',
    'Rogamos abonen el importe en un plazo de {n} días (hasta el {due}).',
    'Vencimiento a {n} días.',
  ],
  shipping: ['Gastos de envío', 'Portes'],
  taxOn: ['IVA {rate} % s/ {base}'],
  discount: ['Descuento pronto pago {rate} %', 'Dto. {rate} %'],
  greeting: ['Estimado cliente:', 'Muy señores nuestros:'],
  body: [
    'les remitimos la factura correspondiente a los siguientes servicios:',
    'detallamos a continuación los conceptos facturados:',
  ],
  carried: [
    ['Suma y sigue', 'Suma anterior'],
    ['Suma y sigue', 'Viene de la página anterior'],
  ],
  page: ['Página {n} de {m}', 'Hoja {n}/{m}'],
};
