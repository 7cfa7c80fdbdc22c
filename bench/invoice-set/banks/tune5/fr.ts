/** Fifth French phrasings for the tuning part (the fifth held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const fifthFr: Phrasings = {
  labels: {
    title: ['Facture', 'FACTURE DE PRESTATIONS'],
    invoiceNo: ['Référence facture', 'Pièce n°', 'Facture numéro'],
    issueDate: ['Établie le', 'Date d’établissement', 'Date de la facture'],
    dueDate: ['Date limite', 'Payable avant le', 'Exigible le'],
    deliveryDate: ['Date d’exécution', 'Période de prestation'],
    customerNo: ['Votre code client', 'Compte client n°'],
    billTo: ['Facturé au nom de', 'Coordonnées du client', 'Adresse de facturation'],
    from: ['Émise par', 'Nos coordonnées'],
    pos: ['Ligne', 'Réf.'],
    description: ['Libellé', 'Nature de la prestation'],
    qty: ['Qté', 'Nombre'],
    unitPrice: ['P.U. HT', 'Prix à l’unité'],
    amount: ['Montant', 'Total ligne'],
    subtotal: ['Montant hors taxes', 'Total net HT', 'Base hors taxe'],
    tax: ['TVA au taux de {rate} %', 'Montant de TVA ({rate} %)', 'T.V.A. {rate} %'],
    total: ['Somme à régler', 'Montant total dû', 'Total toutes taxes comprises'],
    bank: ['Règlement par virement', 'Coordonnées bancaires'],
    accountHolder: ['Au profit de', 'Titulaire du RIB'],
    phone: ['Tél.', 'Téléphone'],
    vatId: ['N° TVA intracom.', 'Identifiant TVA'],
    terms: ['Modalités de paiement', 'Règlement'],
    thanks: ['Merci de votre confiance.', 'Cordialement,'],
  },
  termSentences: [
    'Règlement sous {n} jours.',
    'Paiement à {n} jours date de facture, soit le {due}.',
    'Délai de paiement : {n} jours nets.',
  ],
  shipping: ['Frais d’expédition', 'Participation aux frais de transport'],
  taxOn: ['TVA {rate} % sur {base}'],
  discount: ['Remise commerciale {rate} %', 'Rabais de {rate} %'],
  greeting: ['Madame, Monsieur,'],
  body: [
    'veuillez trouver ci-dessous le détail de nos prestations.',
    'nous vous prions de bien vouloir régler la facture suivante :',
  ],
  carried: [
    ['À reporter', 'Report'],
    ['Total à reporter', 'Report de la page précédente'],
  ],
  page: ['Page {n} sur {m}', 'Feuillet {n}/{m}'],
};
