DROP TABLE IF EXISTS loyalty_ledger, payments, invoices;
