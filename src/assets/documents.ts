import type { DbOrTx } from '../platform/db/client.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { missionOn } from '../mission/service.ts';
import { lifecycleDetails, lifecycleNames, loadLifecycle } from './lifecycle.ts';
import { erasureProtocolPdf, saleReceiptPdf } from './pdf.ts';
import { DEVICE_TYPE_SV, type DeviceType } from './rules.ts';
import * as store from './store.ts';
import type { AssetRow } from './store.ts';
import { now } from '../platform/clock.ts';

/**
 * The printable documents of an asset: the erasure protocol (R-5.8, printable at any time after the
 * erasure) and the student's receipt or invoice. Read from the register as it stands; the
 * caller has already checked that the actor sees the asset.
 */

const notYet = (field: string, reason: string, reasonSv: string) => new AppError('not_found', [{ field, reason, reasonSv }]);

async function municipalityName(db: DbOrTx, id: string): Promise<string> {
  return (await store.municipalityName(db, id)) ?? '';
}

export async function erasureProtocol(db: DbOrTx, row: AssetRow, at: Date = now()): Promise<Buffer> {
  const { asset } = await loadLifecycle(db, row);
  const erasure = asset.erasure;
  if (!erasure) throw notYet('erasure', 'the asset has no erasure record', 'tillgången har inget raderingsprotokoll');
  const event = await store.erasureEvent(db, row.id);
  const unitName = await store.unitName(db, row.unitId);
  return erasureProtocolPdf({
    municipalityName: await municipalityName(db, row.municipalityId),
    asset: {
      serial: row.serial,
      model: row.model,
      deviceType: row.deviceType,
      deviceTypeSv: DEVICE_TYPE_SV[row.deviceType as DeviceType] ?? row.deviceType,
      unitName: unitName ?? '',
    },
    erasure: { byKind: erasure.by.kind, byName: erasure.by.name, method: erasure.method, erasedOn: erasure.erasedOn, serial: erasure.serial },
    recordedBy: event?.username ?? null,
    recordedAt: (event?.at ?? row.updatedAt).toISOString(),
    printedAt: at.toISOString(),
    documentId: `RAD-${row.serial}`,
  });
}

export async function saleReceipt(db: DbOrTx, row: AssetRow, at: Date = now()): Promise<Buffer> {
  const { asset } = await loadLifecycle(db, row);
  const sale = lifecycleDetails(row).sale;
  if (!sale || sale.buyer.kind !== 'person' || !asset.erasure) {
    throw notYet('sale', 'the asset was not sold to a person', 'tillgången är inte såld till en person');
  }
  const names = await lifecycleNames(db, asset);
  return saleReceiptPdf({
    kind: sale.buyer.proof.kind,
    reference: sale.buyer.proof.reference,
    municipalityName: await municipalityName(db, row.municipalityId),
    buyer: { name: names.people.get(sale.buyer.personId) ?? '' },
    asset: { serial: row.serial, model: row.model },
    soldOn: sale.soldOn,
    priceOre: sale.priceOre ?? null,
    erasure: { erasedOn: asset.erasure.erasedOn, byName: asset.erasure.by.name, method: asset.erasure.method },
    invoiceTermsDays: (await missionOn(db, sale.soldOn)).document.billing.invoiceTermsDays,
    printedAt: at.toISOString(),
    documentId: `${sale.buyer.proof.kind === 'invoice' ? 'FAK' : 'KVI'}-${row.serial}`,
  });
}

export type AssetDocument = 'erasure-protocol' | 'sale-receipt';

/** The document as a download: file name and bytes. */
export async function assetDocument(db: DbOrTx, _actor: Actor, row: AssetRow, which: AssetDocument): Promise<{ filename: string; body: Buffer }> {
  const body = which === 'erasure-protocol' ? await erasureProtocol(db, row) : await saleReceipt(db, row);
  const safe = row.serial.replace(/[^A-Z0-9\-_.]/g, '_');
  return { filename: `${which === 'erasure-protocol' ? 'raderingsprotokoll' : 'kvitto'}-${safe}.pdf`, body };
}
