DROP TABLE IF EXISTS public_holidays, business_hours, nps_responses, complaint_messages, complaint_photos, complaints;
--bun:split
DROP SEQUENCE IF EXISTS complaint_number_seq;
