/**
 * Where the demo's payments go: a payment service that takes an idempotency key, as card processors' and banks'
 * payment APIs do. The `schedule_payment` tool sends its call id (`ToolContext.callId`) as the key, so when a worker
 * dies mid-call and Temporal runs the tool again, the service answers the second request with the first receipt
 * instead of paying twice.
 */

export interface Payment {
  vendor: string;
  invoice: string;
  amount: number;
  currency: string;
}

export interface PaymentReceipt extends Payment {
  scheduled: true;
  /** The service's id for the payment. */
  paymentId: string;
}

/** A payment service: `pay` with a key it has seen returns that key's receipt and pays nothing. */
export interface PaymentService {
  pay(idempotencyKey: string, payment: Payment): Promise<PaymentReceipt>;
}

/** The demo's payment service, in the worker's process. */
export class InMemoryPayments implements PaymentService {
  /** Every payment made, once each. */
  readonly made: Payment[] = [];
  private readonly receipts = new Map<string, PaymentReceipt>();

  async pay(idempotencyKey: string, payment: Payment): Promise<PaymentReceipt> {
    const seen = this.receipts.get(idempotencyKey);
    if (seen) return seen;
    this.made.push(payment);
    const receipt: PaymentReceipt = { ...payment, scheduled: true, paymentId: `pay-${this.made.length}` };
    this.receipts.set(idempotencyKey, receipt);
    return receipt;
  }
}
