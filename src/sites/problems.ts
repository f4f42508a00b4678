import { AppError, type FieldProblem } from '../platform/http/errors.ts';
import { fieldNames } from '../platform/http/validation.ts';
import type { ZBookingInput, ZBookingStep, ZEquipmentInput, ZPoolMemberInput, ZSiteInput, ZSystemInput } from './contract.ts';

/** The 400s of sites and the laptop pool, each field named by its label in the input's schema. */

type InputSchema = typeof ZSiteInput | typeof ZSystemInput | typeof ZEquipmentInput | typeof ZBookingInput | typeof ZBookingStep | typeof ZPoolMemberInput;

/** Problems named by their fields' labels in the input's schema (a service's problems name only the key). */
function labelled(schema: InputSchema, problems: readonly FieldProblem[]): FieldProblem[] {
  return problems.map((p) => {
    const names = fieldNames(schema, p.field.split('.'));
    return { ...p, label: names.sv, labelEn: names.en };
  });
}

/** 400 with every problem, or nothing when there is none. */
export function reject(schema: InputSchema, problems: readonly FieldProblem[]): void {
  if (problems.length) throw new AppError('validation', labelled(schema, problems));
}

export function invalid(schema: InputSchema, field: string, reason: string, reasonSv: string): AppError {
  return new AppError('validation', labelled(schema, [{ field, reason, reasonSv }]));
}

/** A rule's problem ({ field, sv, en }) as the API's. */
export const fieldProblem = (p: { field: string; sv: string; en: string }): FieldProblem => ({ field: p.field, reason: p.en, reasonSv: p.sv });
