/** More Spanish phrasings for the tuning part (the second held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const moreEs: Phrasings = {
  labels: {
    title: ['FACTURA', 'Factura', 'FACTURA ORDINARIA'],
    invoiceNo: ['Nº Factura', 'Factura número', 'Número', 'Serie/Número'],
    issueDate: ['Fecha', 'Fecha factura', 'Fecha de emisión', 'Fecha expedición'],
    dueDate: ['Vencimiento', 'Fecha vencimiento', 'Vence', 'Fecha de pago'],
    deliveryDate: ['Fecha entrega', 'Fecha del servicio', 'Periodo'],
    customerNo: ['Cliente nº', 'Código cliente', 'Nº cliente'],
    billTo: ['Cliente', 'Datos del cliente', 'Facturar a', 'Destinatario'],
    from: ['Emisor', 'Proveedor', 'Vendedor'],
    pos: ['Cód.', 'Línea'],
    description: ['Concepto', 'Descripción', 'Artículo'],
    qty: ['Cant.', 'Unidades', 'Cantidad'],
    unitPrice: ['Precio', 'Precio ud.', 'Tarifa'],
    amount: ['Importe', 'Total', 'Subtotal'],
    subtotal: ['Base imponible', 'Subtotal', 'Importe neto', 'Total base'],
    tax: ['IVA {rate}%', 'IVA ({rate} %)', 'Cuota IVA ({rate}%)', '{rate}% IVA'],
    total: ['TOTAL', 'Total factura', 'Total a pagar', 'Importe total'],
    bank: ['Forma de pago: transferencia', 'Cuenta bancaria', 'Banco'],
    accountHolder: ['Titular', 'Beneficiario', 'A nombre de'],
    phone: ['Tel:', 'Teléfono:', 'Móvil:'],
    vatId: ['NIF', 'CIF', 'NIF/CIF'],
    terms: ['Condiciones de pago', 'Forma de pago'],
    thanks: ['Gracias por confiar en nosotros.', 'Un saludo.'],
  },
  termSentences: [
    'Pago mediante transferencia a {n} días.',
    'Plazo de pago: {n} días desde la fecha de factura.',
    'Vencimiento: {due} ({n} días).',
    'Pago a {n} días netos.',
  ],
  mail: {
    subject: ['Asunto: {title} {number} – {vendor}', 'Asunto: su {title} {number}'],
    greeting: ['Estimados señores de {buyer}:', 'Hola, {buyer}:'],
    intro: [
      'les enviamos la {title} {number} con fecha {date}.',
      'adjuntamos a continuación la {title} {number} del {date}.',
    ],
    pay: ['Rogamos transfieran {total} antes del {due}.', 'El importe de {total} vence el {due}.'],
    regards: ['Atentamente,', 'Un cordial saludo,'],
    people: ['Lucía Fernández', 'Javier Ruiz', 'Marta Gil'],
  },
};
