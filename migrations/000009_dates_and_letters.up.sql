-- Replies on the spot supply or point to the information; an adverse
-- outcome states its reason and basis and is reviewed (workflow.md:
-- reply_on_the_spot), so no agency may allow one at the window.
UPDATE agencies SET on_the_spot_outcomes = ARRAY(
    SELECT o FROM unnest(on_the_spot_outcomes) o WHERE o IN ('DISCLOSED', 'ALREADY_PUBLIC'));
ALTER TABLE agencies ALTER COLUMN on_the_spot_outcomes SET DEFAULT '{DISCLOSED,ALREADY_PUBLIC}';
