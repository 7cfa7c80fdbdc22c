/** More French phrasings for the tuning part (the second held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const moreFr: Phrasings = {
  labels: {
    title: ['FACTURE', 'Facture', 'FACTURE N°'],
    invoiceNo: ['N° facture', 'Facture N°', 'Numéro', 'Réf.'],
    issueDate: ['Date', 'Date facture', 'Date d’émission', 'Facturé le'],
    dueDate: ['Échéance', 'Date d’échéance', 'À payer avant le', 'Date limite de règlement'],
    deliveryDate: ['Livraison', 'Date d’exécution', 'Prestation du'],
    customerNo: ['Client n°', 'Code client', 'N° de compte'],
    billTo: ['Client', 'Facturer à', 'Adresse de facturation', 'Destinataire'],
    from: ['Vendeur', 'Fournisseur', 'Prestataire'],
    pos: ['Réf', 'Code'],
    description: ['Désignation', 'Description', 'Prestation'],
    qty: ['Quantité', 'Qté', 'Nb'],
    unitPrice: ['PU HT', 'Prix unitaire', 'Tarif'],
    amount: ['Total HT', 'Montant HT', 'Montant'],
    subtotal: ['Total HT', 'Montant HT', 'Total hors taxe', 'Sous-total HT'],
    tax: ['TVA à {rate} %', 'TVA {rate}%', 'Montant TVA ({rate} %)', 'TVA ({rate}%)'],
    total: ['Total TTC', 'Net à payer', 'Montant à régler', 'TOTAL TTC'],
    bank: ['Règlement par virement', 'Coordonnées bancaires', 'Banque'],
    accountHolder: ['Titulaire', 'Bénéficiaire', 'Au nom de'],
    phone: ['Tél :', 'Tél.', 'Portable :'],
    vatId: ['TVA intracommunautaire', 'N° TVA', 'SIRET'],
    terms: ['Conditions de paiement', 'Règlement'],
    thanks: ['Merci pour votre commande.', 'Cordialement.'],
  },
  termSentences: [
    'Paiement à {n} jours date de facture.',
    'Règlement à réception, au plus tard {n} jours après la date de facture.',
    'Date limite de paiement : {due} ({n} jours).',
    'Conditions de paiement : {n} jours net.',
  ],
  mail: {
    subject: ['Objet : {title} {number} – {vendor}', 'Objet : votre {title} {number}'],
    greeting: ['Madame, Monsieur,', 'Bonjour {buyer},'],
    intro: [
      'veuillez trouver ci-dessous notre {title} {number} du {date}.',
      'voici la {title} {number} en date du {date} :',
    ],
    pay: ['Merci de régler {total} avant le {due}.', 'Le montant de {total} est payable au plus tard le {due}.'],
    regards: ['Cordialement,', 'Bien à vous,'],
    people: ['Claire Dubois', 'Julien Martin', 'Sophie Laurent'],
  },
};
