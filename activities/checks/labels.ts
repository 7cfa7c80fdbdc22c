/**
 * Data: the words invoices and receipts print before their fields, in English, German, French, Spanish, Italian,
 * Dutch, Portuguese and Swedish. Each preset of `near` (`total`, `subtotal`,
 * `tax`, `dueDate`, `issueDate`, `vendor`, `buyer`, `invoiceNumber`) is one role here; the other roles (`other`,
 * `lineHeader`, `title`) are words that are not those fields, so a value standing after "Lieferdatum" or
 * "Kundennummer" is known to stand next to something else. All of them together are the vocabulary `near` reads a
 * document with: the label before a value is the longest known phrase that starts first in its stretch of text.
 */
import type { LabelPreset } from '../../catalog/checks';

export type LabelRole = LabelPreset | 'other' | 'lineHeader' | 'title';

/** Per role and language, the labels separated by ` | ` (kept as one string per language so the lists stay readable). */
const TABLE: Record<LabelRole, Record<string, string>> = {
  total: {
    en: 'Total | Total due | Total amount | Total amount due | Amount due | Balance due | Balance | Total payable | Amount payable | Grand total | Invoice total | Total incl. VAT | Total including VAT | Total inc VAT | Total incl. tax | Total to pay | Please pay | Pay this amount | Total charges | Amount to pay | Total (incl. VAT) | Total gross | Gross total | Gross amount | Total credit | Credit total | Amount credited | Total refund | Amount charged | Total charged | Invoice amount | Total invoice amount | Total amount payable | Please remit | Amount payable now',
    de: 'Gesamtbetrag | Gesamtsumme | Gesamt | Rechnungsbetrag | Endbetrag | Zahlbetrag | Zu zahlen | Zu zahlender Betrag | Bruttobetrag | Brutto | Summe brutto | Gesamtbetrag brutto | Rechnungssumme | Endsumme | Summe | Total | Gesamt brutto | Gesamtbetrag inkl. MwSt | Rechnungsbetrag brutto | Bitte überweisen Sie | Offener Betrag | Gutschriftsbetrag | Betrag | Zahlbetrag brutto | Gesamtpreis | Summe inkl. MwSt | Bruttosumme | Rechnungsendbetrag | Gesamtpreis brutto | Endpreis | Gesamtbetrag (brutto) | Summe brutto inkl. MwSt',
    fr: "Total | Total TTC | Montant TTC | Montant total | Montant total TTC | Net à payer | Total à payer | Montant à payer | Montant dû | Reste à payer | Solde dû | Total facture | Somme à payer | Total général | Total de l’avoir | Total de l'avoir | Montant de l’avoir | Montant de l'avoir | Total TTC à payer | Montant net à payer | Total dû | Montant à régler | Total à régler | Net à régler | Total TTC dû | Montant total dû",
    es: 'Total | Total factura | Importe total | Total a pagar | Importe a pagar | Total IVA incluido | Total con IVA | Total (IVA incluido) | Total EUR | Total general | Líquido a pagar | Importe total factura | Total abono | Total rectificativa | Total documento | Total a abonar | Importe a abonar | Total importe | Total (EUR) | Importe total a pagar',
    it: 'Totale | Totale documento | Totale fattura | Totale da pagare | Importo totale | Netto a pagare | Totale dovuto | Importo da pagare | Totale complessivo | Totale IVA inclusa | Totale (IVA inclusa) | Totale a pagare | Totale nota di credito | Importo dovuto | Totale a vostro debito | Da pagare | Totale importo | Importo complessivo | Totale generale',
    nl: 'Totaal | Totaal incl. btw | Totaal inclusief btw | Totaalbedrag | Te betalen | Totaal te betalen | Totaal factuur | Factuurbedrag | Eindtotaal | Openstaand bedrag | Totaal incl btw | Te voldoen | Totaal creditnota | Bedrag incl. btw | Totaal bedrag | Eindbedrag | Totaal EUR | Totaal inclusief BTW | Te betalen bedrag',
    pt: 'Total | Total a pagar | Valor total | Total da fatura | Valor a pagar | Montante total | Total c/ IVA | Total com IVA | Total (IVA incluído) | Total geral | Total do documento | Montante a pagar | Valor em dívida | Valor a liquidar | Total do documento | Valor total da fatura | Total geral a pagar',
    sv: 'Att betala | Summa att betala | Totalt | Totalbelopp | Summa | Totalt att betala | Belopp att betala',
  },
  subtotal: {
    en: 'Subtotal | Sub-total | Sub total | Net amount | Net total | Total excl. VAT | Total excluding VAT | Total before tax | Amount before tax | Total net | Taxable amount | Net | Total ex VAT | Subtotal excl. tax | Total excl. tax | Net value | Goods total | Total before VAT | Amount excl. VAT | Total excluding tax | Pre-tax total | Net total excl. VAT | Subtotal (excl. VAT) | Amount before VAT',
    de: 'Zwischensumme | Nettobetrag | Summe netto | Nettosumme | Gesamtbetrag netto | Netto | Gesamt netto | Rechnungsbetrag netto | Summe Positionen | Warenwert | Total netto | Netto-Betrag | Summe Netto | Nettowert | Gesamtsumme netto | Zwischensumme netto | Netto-Summe | Summe (netto) | Warenwert netto | Rechnungsbetrag (netto) | Nettopreis | Summe ohne MwSt',
    fr: 'Sous-total | Total HT | Montant HT | Total hors taxes | Montant hors taxes | Sous-total HT | Base HT | Total H.T. | Net HT | Total net HT | Montant net HT | Total net | Montant net | Sous total | Total HT net | Montant total HT',
    es: 'Subtotal | Base imponible | Importe neto | Total sin IVA | Base | Suma | Neto | Importe base | Total base imponible | Importe sin IVA | Total neto | Base imponible total | Importe neto total | Total base',
    it: 'Imponibile | Totale imponibile | Subtotale | Totale netto | Importo netto | Totale merce | Totale servizi | Imponibile IVA | Totale imponibile IVA | Imponibile totale | Netto | Totale imponibile netto | Importo imponibile',
    nl: 'Subtotaal | Totaal excl. btw | Totaal exclusief btw | Netto bedrag | Bedrag excl. btw | Totaal excl btw | Netto | Totaal netto | Subtotaal excl. btw | Netto totaal | Totaal excl. BTW | Bedrag exclusief btw',
    pt: 'Subtotal | Total sem IVA | Total s/ IVA | Base tributável | Valor líquido | Total ilíquido | Incidência | Base de incidência | Valor sem IVA | Total líquido | Base tributável total | Valor tributável | Total sem impostos | Soma | Total ilíquido sem IVA | Valor s/ IVA | Total s/IVA',
    sv: 'Netto | Summa exkl. moms | Delsumma | Nettobelopp',
  },
  tax: {
    en: 'VAT | Tax | Sales tax | GST | HST | PST | Total VAT | VAT amount | Tax amount | Total tax | Plus VAT | Sales Tax | VAT total | Tax total | GST/HST | VAT due',
    de: 'MwSt | Mehrwertsteuer | USt | Umsatzsteuer | zzgl. MwSt | zzgl. USt | zuzüglich MwSt | enthaltene MwSt | MwSt.-Betrag | USt.-Betrag | Umsatzsteuerbetrag | inkl. MwSt | darin enthaltene MwSt | Mehrwertsteuerbetrag | Steuer | Steuerbetrag | enthaltene USt | MWST | USt.-Betrag | Mehrwertsteuer (MWST) | Umsatzsteuer (USt)',
    fr: 'TVA | Total TVA | Montant TVA | Montant de la TVA | Taxes | dont TVA | TVA collectée | Taxe | TVA due | Montant de TVA | Total T.V.A.',
    es: 'IVA | Cuota IVA | Total IVA | Impuestos | Cuota | Importe IVA | Cuota de IVA | Impuesto | IVA repercutido | Total impuestos',
    it: 'IVA | Totale IVA | Imposta | Importo IVA | Imposta IVA | Ammontare IVA | IVA su imponibile | Totale imposta',
    nl: 'BTW | Btw-bedrag | Totaal btw | Btw bedrag | Omzetbelasting | Btw hoog | Btw laag | BTW totaal',
    pt: 'IVA | Total IVA | Valor do IVA | Imposto | Valor IVA | Total do IVA | IVA liquidado | Total de IVA | Valor de IVA',
    sv: 'Moms | Varav moms | Momsbelopp',
  },
  dueDate: {
    en: 'Due date | Payment due | Due | Due by | Pay by | Payment due date | Please pay by | Due on | Payable by | Date due | Payment date | Payment due by | Payable on | Due date for payment',
    de: 'Fälligkeitsdatum | Fällig am | Fällig | Zahlbar bis | Zahlungsziel | Fälligkeit | Zahlung bis | bis zum | spätestens am | bis spätestens | Zahlungstermin | zahlbar bis zum | bis | Zahlungsfrist | Fälligkeit am | zahlbar bis spätestens | Zahlbar bis zum | Zahlungsfrist bis',
    fr: "Date d'échéance | Date d’échéance | Échéance | À payer avant le | Date limite de paiement | À régler avant le | Payable le | avant le | À régler au plus tard le | au plus tard le | Date de règlement | à payer le | Date limite de règlement | Échéance le | à régler le | Date d’exigibilité | Date de paiement",
    es: 'Fecha de vencimiento | Vencimiento | Vto | Fecha límite de pago | Pagar antes de | Fecha vencimiento | Vence el | Fecha de pago | antes del | Fecha de vto | Vence | Fecha límite',
    it: 'Scadenza | Data scadenza | Data di scadenza | Scadenza pagamento | Da pagare entro il | entro il | Scad. | Data scadenza pagamento | Pagamento entro il | Scadenza il | Data scad | Termine di pagamento',
    nl: 'Vervaldatum | Uiterste betaaldatum | Te betalen voor | Betalen voor | Verloopdatum | uiterlijk | Betaaldatum | uiterlijk op | vóór | Vervalt op | Uiterlijk te betalen op | Te betalen uiterlijk',
    pt: 'Data de vencimento | Vencimento | Data limite de pagamento | Pagar até | Data limite | Data venc | até | Vence em | Data de venc | Vencimento em | Pagável até',
    sv: 'Förfallodatum | Förfallodag | Betalas senast | Sista betalningsdag',
  },
  issueDate: {
    en: 'Invoice date | Date | Date of issue | Issue date | Issued | Dated | Billing date | Issued on | Tax point | Credit note date | Receipt date | Date of invoice | Bill date | Date issued | Document date | Inv date',
    de: 'Rechnungsdatum | Datum | Ausstellungsdatum | Belegdatum | Rechnungs-Datum | vom | Gutschriftsdatum | Datum der Rechnung | Rechnungstag | Ausgestellt am | Erstellt am | Datum der Ausstellung',
    fr: "Date de facture | Date de facturation | Date | Date d'émission | Date d’émission | Émise le | Facture du | du | Date facture | Date de l'avoir | Date de l’avoir | le | Fait le | Émis le | Date de la facture",
    es: 'Fecha de factura | Fecha de emisión | Fecha | Fecha factura | Fecha de expedición | Fecha emisión | de fecha | Fecha de la factura | Emitida el | Fecha de documento',
    it: 'Data fattura | Data | Data di emissione | Data documento | del | Data emissione | Emessa il | Data della fattura | Data doc',
    nl: 'Factuurdatum | Datum | Datum factuur | Factuur datum | Datum creditnota | Uitgiftedatum | Datum uitgifte',
    pt: 'Data da fatura | Data de emissão | Data | Data fatura | Data do documento | Data emissão | Emitida em | Data de fatura | Data doc',
    sv: 'Fakturadatum | Datum',
  },
  vendor: {
    en: 'From | Seller | Supplier | Vendor | Issued by | Sold by | Payee | Account holder | Account name | Beneficiary | Make checks payable to | Checks payable to | Cheques payable to | Pay to | Bill from | Merchant',
    de: 'Von | Absender | Rechnungssteller | Verkäufer | Lieferant | Auftragnehmer | Leistungserbringer | Kontoinhaber | Zahlungsempfänger | Inhaber',
    fr: 'De | Émetteur | Fournisseur | Vendeur | Prestataire | Titulaire du compte | Titulaire | Bénéficiaire | Émis par',
    es: 'Emisor | Proveedor | Vendedor | Titular | Titular de la cuenta | Beneficiario | Emitido por | Datos del emisor | Prestador',
    it: 'Da | Fornitore | Cedente | Cedente/prestatore | Cedente / prestatore | Mittente | Emittente | Beneficiario | Intestatario conto | Prestatore',
    nl: 'Van | Leverancier | Verkoper | Afzender | Rekeninghouder | Ten name van | T.n.v. | Begunstigde | Opdrachtnemer',
    pt: 'Fornecedor | Emitente | Vendedor | Prestador | Titular | Titular da conta | Beneficiário | Emitido por',
    sv: 'Från | Säljare | Leverantör | Betalningsmottagare',
  },
  buyer: {
    en: 'Bill to | Billed to | Invoice to | Sold to | Customer | Client | Ship to | To | Deliver to | Attention | Attn | Recipient | Buyer | Customer name | Invoiced to | Billing address | Customer details | Bill-to | Invoice address | Dear | Hello | Hi | Good morning',
    de: 'An | Rechnungsempfänger | Rechnungsadresse | Kunde | Kundin | Auftraggeber | Käufer | Lieferadresse | Rechnung an | Leistungsempfänger | Kundendaten | Rechnungsanschrift | Sehr geehrte | Sehr geehrter | Liebe | Lieber | Hallo | Guten Tag',
    fr: 'À | Facturé à | Facturer à | Client | Destinataire | Adressé à | Acheteur | Adresse de facturation | Cliente | Coordonnées client | Cher | Chère | Chers | Bonjour',
    es: 'Cliente | Facturar a | Facturado a | Destinatario | Comprador | Datos del cliente | Para | Datos de facturación | Estimado | Estimada | Estimados | Hola | Buenos días',
    it: 'Cliente | Spett.le | Spettabile | Destinatario | Cessionario | Cessionario/committente | Cessionario / committente | Committente | Fatturare a | Intestatario | Dati cliente | Gentile | Gentili | Egregio | Buongiorno',
    nl: 'Aan | Klant | Factuuradres | Afnemer | Koper | Opdrachtgever | Gefactureerd aan | T.a.v. | Debiteur | Klantgegevens | Geachte | Beste | Goedendag',
    pt: 'Cliente | Exmo.(s) Sr.(s) | Exmos. Senhores | Para | Adquirente | Comprador | Faturar a | Destinatário | Dados do cliente | Caro | Cara | Caros | Prezado | Prezada | Olá | Bom dia',
    sv: 'Till | Kund | Köpare | Fakturaadress',
  },
  invoiceNumber: {
    en: 'Invoice no | Invoice number | Invoice # | Invoice | Invoice ID | No | Number | Ref | Reference | Tax invoice | Credit note | Credit note no | Receipt no | Document no | Bill no | # | Invoice No. | Receipt | Credit memo | Folio no | Folio | Ticket no | Ticket # | Invoice ref | Bill number | Invoice no. | Document number | Inv no | Inv # | Inv number',
    de: 'Rechnungsnummer | Rechnungs-Nr | Rechnung Nr | Rechnung | Re.-Nr | RE-Nr | Belegnummer | Beleg-Nr | Nr | Gutschrift | Gutschrift Nr | Gutschriftsnummer | Rechnungsnr | Rechnungs-Nummer | Belegnr | Dokumentnummer | RG-Nr | Rg.-Nr. | Rg Nr | RE-Nummer',
    fr: 'Facture n° | N° de facture | Numéro de facture | Facture | Avoir | Avoir n° | N° | Réf | Référence | Facture no | Facture numéro | No de facture | Numéro | No facture | N° facture',
    es: 'Factura nº | Nº de factura | Número de factura | Factura | Factura n.º | Nº | Núm | Número | Factura número | N.º factura | Factura rectificativa | Abono | Nº factura | Factura num | Documento | Nº documento | Número de documento',
    it: 'Fattura n | Fattura n° | Numero fattura | N. fattura | Fattura | Nota di credito | N | Numero | Num. documento | Numero documento | Fattura nr | Documento n | N° fattura | Documento | Fattura numero | N. documento',
    nl: 'Factuurnummer | Factuurnr | Factuur nr | Factuur | Creditnota | Nummer | Nr | Creditnotanummer | Documentnummer | Factuur nummer',
    pt: 'Fatura n.º | Fatura nº | Número da fatura | N.º da fatura | Fatura | Fatura-recibo | Nota de crédito | N.º | Nº | Fatura n | Número | Fatura número | Fatura simplificada | Documento | N.º documento | Nº fatura | Número do documento',
    sv: 'Fakturanummer | Fakturanr | Faktura | Kreditfaktura',
  },
  title: {
    en: 'INVOICE | TAX INVOICE | CREDIT NOTE | RECEIPT | SALES RECEIPT | BILL | STATEMENT',
    de: 'RECHNUNG | GUTSCHRIFT | QUITTUNG | KASSENBON | BELEG',
    fr: 'FACTURE | AVOIR | REÇU | TICKET | NOTE',
    es: 'FACTURA | FACTURA RECTIFICATIVA | RECIBO | TICKET | FACTURA SIMPLIFICADA',
    it: 'FATTURA | NOTA DI CREDITO | RICEVUTA | SCONTRINO | FATTURA ELETTRONICA',
    nl: 'FACTUUR | CREDITNOTA | KWITANTIE | BON',
    pt: 'FATURA | FATURA-RECIBO | NOTA DE CRÉDITO | RECIBO | FATURA SIMPLIFICADA',
    sv: 'FAKTURA | KVITTO | KREDITFAKTURA',
  },
  lineHeader: {
    en: 'Qty | Quantity | Description | Unit price | Rate | Hours | Item | Unit cost | Price | Amount | Line total | Units | Line amount | Ext. price',
    de: 'Menge | Anzahl | Beschreibung | Bezeichnung | Einzelpreis | Pos | Position | Artikel | Stunden | Std | Preis | E-Preis | Gesamtpreis | Leistung | Stundensatz | Einheit | Zeilensumme | Positionsbetrag | Positionssumme',
    fr: 'Qté | Quantité | Désignation | Description | Prix unitaire | PU HT | P.U. | Montant HT | Prix | Heures | Taux | Réf. article | Unité | Total ligne | Montant ligne',
    es: 'Cantidad | Cant | Descripción | Concepto | Precio unitario | Precio | Horas | Importe | Ud | Unidades | Uds | Total línea | Subtotal línea | Importe línea',
    it: 'Quantità | Qtà | Q.tà | Descrizione | Prezzo unitario | Prezzo | Ore | Importo | Articolo | Codice | U.M. | Prezzo unit | Totale riga | Importo riga',
    nl: 'Aantal | Omschrijving | Prijs per stuk | Stukprijs | Prijs | Uren | Bedrag | Artikel | Tarief | Eenheidsprijs | Regeltotaal | Regelbedrag',
    pt: 'Quantidade | Qtd | Qtde | Descrição | Preço unitário | Preço | Horas | Valor | Artigo | Designação | Un | Preço unit | Total linha | Total da linha | Valor linha',
    sv: 'Antal | Beskrivning | À-pris | Pris | Belopp | Artikel',
  },
  other: {
    en: 'Account | Client ID | Customer code | Client code | Account code | Delivery date | Order date | Service date | Ship date | Period | Customer no | Customer number | Customer ID | Account no | Order no | Order number | PO | PO number | Purchase order | IBAN | BIC | SWIFT | Sort code | VAT no | VAT number | VAT ID | Tax ID | Phone | Tel | Fax | Email | Page | Discount | Shipping | Deposit | Paid | Amount paid | Payment terms | Terms | Late fee | Hourly rate | Rate | Tip | Change | Cash | Tendered | Previous balance | Payments received | Bank | Date of supply | Delivery | Freight | Handling | Registered office | Company no | Exchange rate | Account number | Customer ref | Account ref | Customer reference | Cust no | Cust ref | Client ref | Customer ID | Client number | Client no | Debtor no | Debtor number | Customer account',
    de: 'Debitoren-Nr | Debitorennummer | Konto | Lieferdatum | Leistungsdatum | Leistungszeitraum | Bestelldatum | Auftragsdatum | Kundennummer | Kunden-Nr | Kundennr | Bestellnummer | Auftragsnummer | Ihre Bestellung | Bestellung | USt-IdNr | Steuernummer | St.-Nr | Telefon | Tel | Fax | E-Mail | Seite | Rabatt | Skonto | Versand | Versandkosten | Anzahlung | bereits bezahlt | Zahlungsbedingungen | Bankverbindung | Geschäftsführer | Amtsgericht | HRB | Stundensatz | Lieferung | Ihr Zeichen | Unser Zeichen | Lieferschein | Lieferscheinnummer | Gegeben | Rückgeld | Bar | Kunden Nr | Konto Nr | Debitor | Kd Nr | Kd.-Nr. | Kundennr | Kundenkonto | Kundenkontonummer',
    fr: 'Compte | Date de livraison | Date de prestation | Date de commande | N° client | Numéro client | Code client | Réf. client | N° de commande | Bon de commande | SIRET | SIREN | TVA intracommunautaire | N° TVA | Téléphone | Tél | Fax | Courriel | Page | Remise | Escompte | Frais de port | Livraison | Acompte | Déjà payé | Conditions de paiement | Conditions de règlement | Mode de règlement | Pénalités de retard | Indemnité forfaitaire | RCS | Capital | Taux horaire | Période | Rendu | Espèces | N° de compte | Client n° | Numéro de compte | Numéro de client | Compte client',
    es: 'Código cliente | Código de cliente | Número de cliente | Cuenta | Fecha de entrega | Fecha de pedido | Fecha de servicio | Nº de cliente | Código de cliente | Nº de pedido | Pedido | CIF | NIF | Teléfono | Tel | Fax | Correo | Página | Descuento | Portes | Envío | Anticipo | Forma de pago | Condiciones de pago | Registro Mercantil | Precio por hora | Tarifa | Periodo | Cambio | Efectivo | Entregado | Cliente nº | Nº de cuenta | Ref. cliente | Ref cliente | Cuenta cliente | Cuenta de cliente | Número cliente',
    it: 'Codice | Codice cliente | Conto | Data consegna | Data ordine | Data DDT | DDT | Codice cliente | Cod. cliente | N. ordine | Ordine | P.IVA | Partita IVA | Codice fiscale | C.F. | Telefono | Tel | Fax | Email | PEC | Pagina | Sconto | Spese di spedizione | Trasporto | Acconto | Modalità di pagamento | Condizioni di pagamento | Pagamento | REA | Capitale sociale | Tariffa oraria | Periodo | Resto | Contanti | Codice SDI | Bollo | Cliente n | Conto n | Rif. cliente | Rif cliente | Conto cliente | Numero cliente',
    nl: 'Klantcode | Rekening | Leverdatum | Leveringsdatum | Orderdatum | Klantnummer | Debiteurnummer | Ordernummer | Uw referentie | Onze referentie | Btw-nummer | Btw-nr | KvK | KvK-nummer | Telefoon | Tel | Fax | E-mail | Pagina | Korting | Verzendkosten | Aanbetaling | Betalingsvoorwaarden | Betalingstermijn | Uurtarief | Periode | Wisselgeld | Contant | Klantnr | Debiteurnr',
    pt: 'Código de cliente | Cód. cliente | Conta | Data de entrega | Data da encomenda | Data de prestação | Nº de cliente | N.º cliente | Encomenda | NIF | NIPC | Contribuinte | Telefone | Tel | Fax | Email | Página | Desconto | Portes | Adiantamento | Condições de pagamento | Modo de pagamento | Capital social | Conservatória | ATCUD | Preço por hora | Período | Troco | Numerário | Motivo de isenção | Cliente nº | Nº de conta | Ref. cliente | Conta cliente | Conta de cliente | Número de cliente',
    sv: 'Leveransdatum | Kundnummer | Ordernummer | Org.nr | Momsreg.nr | Telefon | Bankgiro | Plusgiro | Rabatt | Frakt | Betalningsvillkor | Er referens | Vår referens',
  },
};

/** Per role and language, the labels as a list. */
export const LABELS: Record<LabelRole, Record<string, string[]>> = Object.fromEntries(
  Object.entries(TABLE).map(([role, languages]) => [
    role,
    Object.fromEntries(Object.entries(languages).map(([language, list]) => [language, list.split(' | ')])),
  ]),
) as Record<LabelRole, Record<string, string[]>>;

/**
 * Labels that are also everyday short words (prepositions, `no`, `net`): one counts as a label only where it opens
 * its stretch of text or takes a colon (`Von: Kessler GmbH`, `Rechnung Nr. 12 vom 15.03.2025`), never inside a name
 * or an address (`Rua de Santa Catarina`, `Haus an der Brücke`).
 */
export const WEAK_LABELS: ReadonlySet<string> = new Set(
  'a à an ate até beste bis by cara caro da de del du due from hallo hello hi hola le liebe lieber na net netto no nr n para to van von vom voor vóór'.split(
    ' ',
  ),
);

/**
 * Words that turn a total into an amount before tax: `Total hors TVA`, `Totaal exclusief btw`, `Total excl. VAT`,
 * `Gesamtbetrag zzgl. MwSt.`, `Importe sin IVA`. A total label followed by one of them labels a subtotal.
 */
export const EXCLUDING_WORDS: ReadonlySet<string> = new Set(
  'excl excluding exclusive ex without before hors sans sin sem senza escl esclusa escluso ohne exkl exklusive zzgl zuzuglich exclusief zonder'.split(
    ' ',
  ),
);

/**
 * Words that say a label includes something (`Gesamtbetrag inkl. 19 % MwSt.`, `Total TTC`, `IVA incluido`): what
 * follows them qualifies the label, it is not another label.
 */
export const INCLUDING_WORDS: ReadonlySet<string> = new Set(
  'incl inc including inclusive inkl inklusive ttc compris comprise comprises incluido incluida incluidos incluso inclusa incluse incluido incluida inclusief inbegrepen'.split(
    ' ',
  ),
);

/** Words before a label that do not change it: `Your account`, `Ihre Kundennummer`, `Votre code client`, `Uw klantnummer`. */
export const POSSESSIVE_WORDS: ReadonlySet<string> = new Set(
  'your our ihre ihr unsere unser votre vos notre nos su sus nuestro nuestra vostro vostra nostro nostra uw ons onze seu sua nosso nossa'.split(
    ' ',
  ),
);
