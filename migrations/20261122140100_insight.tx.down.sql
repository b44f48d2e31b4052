DROP TABLE IF EXISTS segment_thresholds;
