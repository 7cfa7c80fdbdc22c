/** Third French phrasings for the tuning part (the third held-out part's, measured once and then tuned on). */
import type { Phrasings } from '../../model';

export const thirdFr: Phrasings = {
  labels: {
    title: ['Facture', 'FACTURE', 'Facture de prestations'],
    invoiceNo: ['N° de facture', 'Facture n°', 'Numéro de facture', 'N°'],
    issueDate: ['Date de facturation', 'Date', 'Date de facture', 'Émise le'],
    dueDate: ['Date d’échéance', 'Échéance', 'À régler avant le', 'Date de règlement'],
    deliveryDate: ['Date de livraison', 'Date d’intervention', 'Réalisé le'],
    customerNo: ['N° client', 'Réf. client', 'Compte client'],
    billTo: ['Facturé à', 'Client', 'Adressé à', 'Destinataire'],
    from: ['Émetteur', 'Fournisseur', 'De'],
    pos: ['N°', 'Réf.'],
    description: ['Désignation', 'Libellé', 'Description'],
    qty: ['Qté', 'Quantité', 'Heures'],
    unitPrice: ['P.U. HT', 'Prix unitaire HT', 'Taux horaire'],
    amount: ['Montant HT', 'Total HT', 'Montant'],
    subtotal: ['Total HT', 'Sous-total', 'Montant HT', 'Total hors TVA'],
    tax: ['TVA', 'Montant TVA', 'Total TVA', 'TVA collectée'],
    total: ['Total TTC', 'Net à payer', 'Montant TTC', 'Total à payer'],
    bank: ['Règlement par virement sur', 'Coordonnées bancaires', 'RIB'],
    accountHolder: ['Titulaire du compte', 'Bénéficiaire', 'Titulaire'],
    phone: ['Tél.', 'Téléphone', 'Tél'],
    vatId: ['N° TVA intracommunautaire', 'TVA intracom.', 'SIRET'],
    terms: ['Conditions de règlement', 'Paiement'],
    thanks: ['Merci de votre confiance.', 'Avec nos remerciements.'],
  },
  termSentences: [
    'Paiement à {n} jours à réception de facture.',
    'Règlement à {n} jours net, soit au plus tard le {due}.',
    'Délai de paiement : {n} jours.',
    'Paiement sous {n} jours.',
  ],
  shipping: ['Frais de port', 'Frais de déplacement', 'Livraison'],
  taxOn: ['TVA {rate} % sur {base}', 'TVA {rate}% (base {base})'],
};
