// Partnerdesk portal: progressive enhancement only; every action works without it.
