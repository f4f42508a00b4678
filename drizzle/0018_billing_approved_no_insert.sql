-- R-6.6: nothing joins an approved run afterwards either. The triggers of 0014 and 0017 look at the rows
-- an UPDATE or DELETE touched (their old run); these look at the rows an INSERT or UPDATE leaves (their
-- new run), so no line or batch can be added to an approved run or moved into one.
CREATE TRIGGER billing_lines_no_insert AFTER INSERT ON "billing_lines" REFERENCING NEW TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();--> statement-breakpoint
CREATE TRIGGER billing_lines_no_update_into AFTER UPDATE ON "billing_lines" REFERENCING NEW TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();--> statement-breakpoint
CREATE TRIGGER billing_line_batches_no_insert AFTER INSERT ON "billing_line_batches" REFERENCING NEW TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();--> statement-breakpoint
CREATE TRIGGER billing_line_batches_no_update_into AFTER UPDATE ON "billing_line_batches" REFERENCING NEW TABLE AS changed_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_lines_immutable();
