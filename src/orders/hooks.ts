import type { SupportLevel } from '../catalogue/rules.ts';
import type { MissionDocument } from '../mission/rules.ts';
import type { Actor } from '../platform/http/context.ts';
import { Hook } from '../platform/hooks.ts';

/** An order line IT has just delivered, with what the register needs of it. */
export interface DeliveredLine {
  municipalityId: string;
  unitId: string;
  orderLineId: string;
  orderNumber: string;
  orderedOn: string;
  modelCategory: string | null;
  model: string;
  modelRangeItemId: string | null;
  serviceCode: string | null;
  articleCode: string | null;
  supportLevel: SupportLevel | null;
  serial: string;
  holderPersonId: string | null;
  deliveredOn: string;
}

/**
 * Issue 17: emitted inside the delivery's transaction.: delivered equipment enters the inventory
 * register in the same transaction — the assets capability registers that reaction at boot, so orders
 * never import assets; required, so a delivery can never skip the register.
 */
export const orderLineDelivered = new Hook<{ actor: Actor; line: DeliveredLine; mission: MissionDocument }>('order-line-delivered', { required: true });
