-- Public holidays of 2026 and 2027 that stop the complaint SLA clocks. Days
-- off that fall on a weekend are listed too (they are facts, and harmless).
--
-- Poland: statutory holidays (ustawa o dniach wolnych od pracy), with
-- Christmas Eve a day off since 2025. A holiday on a Saturday gives staff
-- another day off that each employer picks, so it is not listed.
-- Finland: statutory and church holidays, plus Midsummer Eve and Christmas
-- Eve, on which businesses close.
-- Russia: article 112 of the Labour Code. A holiday on a weekend moves to the
-- next working day, except the New Year ones, which the government moves by
-- decree: 2026 follows decree No. 1466 of 24 September 2025 (Jan 3 → Jan 9,
-- Jan 4 → Dec 31). The 2027 decree was not out when this was written: 2027
-- lists the statutory days and the moves article 112 makes by itself; add the
-- decree's moves of January 2 and 3 in a new migration when it is published.
-- Shortened days before holidays are not modelled.
INSERT INTO public_holidays (country, day, name) VALUES
    ('PL', '2026-01-01', 'Nowy Rok'),
    ('PL', '2026-01-06', 'Trzech Króli'),
    ('PL', '2026-04-05', 'Wielkanoc'),
    ('PL', '2026-04-06', 'Poniedziałek Wielkanocny'),
    ('PL', '2026-05-01', 'Święto Pracy'),
    ('PL', '2026-05-03', 'Święto Konstytucji 3 Maja'),
    ('PL', '2026-05-24', 'Zielone Świątki'),
    ('PL', '2026-06-04', 'Boże Ciało'),
    ('PL', '2026-08-15', 'Wniebowzięcie Najświętszej Maryi Panny'),
    ('PL', '2026-11-01', 'Wszystkich Świętych'),
    ('PL', '2026-11-11', 'Narodowe Święto Niepodległości'),
    ('PL', '2026-12-24', 'Wigilia Bożego Narodzenia'),
    ('PL', '2026-12-25', 'Boże Narodzenie'),
    ('PL', '2026-12-26', 'Drugi dzień Bożego Narodzenia'),
    ('PL', '2027-01-01', 'Nowy Rok'),
    ('PL', '2027-01-06', 'Trzech Króli'),
    ('PL', '2027-03-28', 'Wielkanoc'),
    ('PL', '2027-03-29', 'Poniedziałek Wielkanocny'),
    ('PL', '2027-05-01', 'Święto Pracy'),
    ('PL', '2027-05-03', 'Święto Konstytucji 3 Maja'),
    ('PL', '2027-05-16', 'Zielone Świątki'),
    ('PL', '2027-05-27', 'Boże Ciało'),
    ('PL', '2027-08-15', 'Wniebowzięcie Najświętszej Maryi Panny'),
    ('PL', '2027-11-01', 'Wszystkich Świętych'),
    ('PL', '2027-11-11', 'Narodowe Święto Niepodległości'),
    ('PL', '2027-12-24', 'Wigilia Bożego Narodzenia'),
    ('PL', '2027-12-25', 'Boże Narodzenie'),
    ('PL', '2027-12-26', 'Drugi dzień Bożego Narodzenia')
ON CONFLICT (country, day) DO NOTHING;
--bun:split
INSERT INTO public_holidays (country, day, name) VALUES
    ('FI', '2026-01-01', 'Uudenvuodenpäivä'),
    ('FI', '2026-01-06', 'Loppiainen'),
    ('FI', '2026-04-03', 'Pitkäperjantai'),
    ('FI', '2026-04-05', 'Pääsiäispäivä'),
    ('FI', '2026-04-06', '2. pääsiäispäivä'),
    ('FI', '2026-05-01', 'Vappu'),
    ('FI', '2026-05-14', 'Helatorstai'),
    ('FI', '2026-05-24', 'Helluntaipäivä'),
    ('FI', '2026-06-19', 'Juhannusaatto'),
    ('FI', '2026-06-20', 'Juhannuspäivä'),
    ('FI', '2026-10-31', 'Pyhäinpäivä'),
    ('FI', '2026-12-06', 'Itsenäisyyspäivä'),
    ('FI', '2026-12-24', 'Jouluaatto'),
    ('FI', '2026-12-25', 'Joulupäivä'),
    ('FI', '2026-12-26', 'Tapaninpäivä'),
    ('FI', '2027-01-01', 'Uudenvuodenpäivä'),
    ('FI', '2027-01-06', 'Loppiainen'),
    ('FI', '2027-03-26', 'Pitkäperjantai'),
    ('FI', '2027-03-28', 'Pääsiäispäivä'),
    ('FI', '2027-03-29', '2. pääsiäispäivä'),
    ('FI', '2027-05-01', 'Vappu'),
    ('FI', '2027-05-06', 'Helatorstai'),
    ('FI', '2027-05-16', 'Helluntaipäivä'),
    ('FI', '2027-06-25', 'Juhannusaatto'),
    ('FI', '2027-06-26', 'Juhannuspäivä'),
    ('FI', '2027-11-06', 'Pyhäinpäivä'),
    ('FI', '2027-12-06', 'Itsenäisyyspäivä'),
    ('FI', '2027-12-24', 'Jouluaatto'),
    ('FI', '2027-12-25', 'Joulupäivä'),
    ('FI', '2027-12-26', 'Tapaninpäivä')
ON CONFLICT (country, day) DO NOTHING;
--bun:split
INSERT INTO public_holidays (country, day, name) VALUES
    ('RU', '2026-01-01', 'Новогодние каникулы'),
    ('RU', '2026-01-02', 'Новогодние каникулы'),
    ('RU', '2026-01-03', 'Новогодние каникулы'),
    ('RU', '2026-01-04', 'Новогодние каникулы'),
    ('RU', '2026-01-05', 'Новогодние каникулы'),
    ('RU', '2026-01-06', 'Новогодние каникулы'),
    ('RU', '2026-01-07', 'Рождество Христово'),
    ('RU', '2026-01-08', 'Новогодние каникулы'),
    ('RU', '2026-01-09', 'Выходной, перенесённый с 3 января'),
    ('RU', '2026-02-23', 'День защитника Отечества'),
    ('RU', '2026-03-08', 'Международный женский день'),
    ('RU', '2026-03-09', 'Выходной, перенесённый с 8 марта'),
    ('RU', '2026-05-01', 'Праздник Весны и Труда'),
    ('RU', '2026-05-09', 'День Победы'),
    ('RU', '2026-05-11', 'Выходной, перенесённый с 9 мая'),
    ('RU', '2026-06-12', 'День России'),
    ('RU', '2026-11-04', 'День народного единства'),
    ('RU', '2026-12-31', 'Выходной, перенесённый с 4 января'),
    ('RU', '2027-01-01', 'Новогодние каникулы'),
    ('RU', '2027-01-02', 'Новогодние каникулы'),
    ('RU', '2027-01-03', 'Новогодние каникулы'),
    ('RU', '2027-01-04', 'Новогодние каникулы'),
    ('RU', '2027-01-05', 'Новогодние каникулы'),
    ('RU', '2027-01-06', 'Новогодние каникулы'),
    ('RU', '2027-01-07', 'Рождество Христово'),
    ('RU', '2027-01-08', 'Новогодние каникулы'),
    ('RU', '2027-02-23', 'День защитника Отечества'),
    ('RU', '2027-03-08', 'Международный женский день'),
    ('RU', '2027-05-01', 'Праздник Весны и Труда'),
    ('RU', '2027-05-03', 'Выходной, перенесённый с 1 мая'),
    ('RU', '2027-05-09', 'День Победы'),
    ('RU', '2027-05-10', 'Выходной, перенесённый с 9 мая'),
    ('RU', '2027-06-12', 'День России'),
    ('RU', '2027-06-14', 'Выходной, перенесённый с 12 июня'),
    ('RU', '2027-11-04', 'День народного единства')
ON CONFLICT (country, day) DO NOTHING;
