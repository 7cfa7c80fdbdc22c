/** The held-out part's French phrasings (the sixth held-out part; written before the part was measured). */
import type { Phrasings } from '../../model';

export const heldFr: Phrasings = {
  labels: {
    title: ['Facture', 'FACTURE CLIENT'],
    invoiceNo: ['N° de pièce', 'Facture réf.', 'Numéro de document'],
    issueDate: ['Date d’édition', 'Facture du', 'Date de création'],
    dueDate: ['Règlement au plus tard le', 'Échéance de paiement', 'À payer le'],
    deliveryDate: ['Livré le', 'Date de livraison'],
    customerNo: ['Réf. client', 'Numéro de client'],
    billTo: ['Destinataire', 'Client facturé', 'Facturer à'],
    from: ['Vendeur', 'Société émettrice'],
    pos: ['N°', 'Pos.'],
    description: ['Désignation', 'Article'],
    qty: ['Quantité', 'Qté.'],
    unitPrice: ['Prix unitaire HT', 'Tarif'],
    amount: ['Montant HT', 'Total HT ligne'],
    subtotal: ['Total hors taxe', 'Sous-total', 'Net HT'],
    tax: ['TVA ({rate} %)', 'Taxe sur la valeur ajoutée {rate} %', 'TVA {rate}%'],
    total: ['Net à payer TTC', 'Total à régler', 'Montant TTC dû'],
    bank: ['Virement bancaire', 'RIB'],
    accountHolder: ['Bénéficiaire', 'Titulaire'],
    phone: ['Tél', 'Portable'],
    vatId: ['TVA intracommunautaire', 'SIRET'],
    terms: ['Conditions de règlement', 'Paiement'],
    thanks: ['Nous vous remercions de votre commande.', 'Bien à vous,'],
  },
  termSentences: [
    'Payable sous {n} jours.',
    'Merci de régler sous {n} jours, au plus tard le {due}.',
    'Conditions : {n} jours net.',
  ],
  shipping: ['Frais de livraison', 'Port'],
  taxOn: ['TVA {rate} % de {base}'],
  discount: ['Escompte {rate} %', 'Remise fidélité {rate} %'],
  greeting: ['Chère cliente, cher client,'],
  body: ['voici le détail de votre facture.'],
};
