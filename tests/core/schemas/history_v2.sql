-- cpdesk schema version 2 with a history of every kind; built by tests/core/schemas/build_history.py
BEGIN TRANSACTION;
CREATE TABLE annotations (
	id INTEGER NOT NULL, 
	area_code VARCHAR(64), 
	indicator_id VARCHAR(64), 
	period_id INTEGER, 
	breakdown VARCHAR(64) DEFAULT '' NOT NULL, 
	text TEXT NOT NULL, 
	author TEXT NOT NULL, 
	created_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(area_code) REFERENCES areas (code), 
	FOREIGN KEY(indicator_id) REFERENCES indicators (id), 
	FOREIGN KEY(period_id) REFERENCES periods (id)
);
CREATE TABLE areas (
	code VARCHAR(64) NOT NULL, 
	name TEXT NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	parent_code VARCHAR(64), 
	old_code VARCHAR(16), 
	region_code VARCHAR(64), 
	PRIMARY KEY (code)
);
INSERT INTO "areas" VALUES('E10000031','Warwickshire','la','E12000005','937','E12000005');
INSERT INTO "areas" VALUES('E07000220','Rugby','district','E10000031',NULL,NULL);
INSERT INTO "areas" VALUES('E12000005','West Midlands','region','E92000001',NULL,NULL);
CREATE TABLE imports (
	id INTEGER NOT NULL, 
	file_name TEXT NOT NULL, 
	file_path TEXT, 
	file_hash VARCHAR(128), 
	imported_at VARCHAR(40) NOT NULL, 
	user_name TEXT NOT NULL, 
	n_added INTEGER NOT NULL, 
	n_changed INTEGER NOT NULL, 
	n_unchanged INTEGER NOT NULL, 
	n_skipped INTEGER NOT NULL, 
	report_json TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	user_login TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO "imports" VALUES(1,'CP performance report.xlsx','C:/returns/CP performance report.xlsx','hash-report-1','2026-12-04T16:11:44.616+00:00','alice',3,0,0,0,'{}','committed','file','root');
INSERT INTO "imports" VALUES(2,'d1_2018.csv','C:/returns/d1_2018.csv','hash-dfe','2026-12-04T16:11:44.620+00:00','alice',2,0,0,0,'{}','committed','file','root');
INSERT INTO "imports" VALUES(3,'corrected.xlsx','C:/returns/corrected.xlsx','hash-2','2026-12-04T16:11:44.621+00:00','bob',0,2,1,0,'{}','undone','file','root');
INSERT INTO "imports" VALUES(4,'(edit)',NULL,NULL,'2026-12-04T16:11:44.623+00:00','carol',0,1,0,0,'{}','committed','edit','root');
INSERT INTO "imports" VALUES(5,'(undo of import 3)',NULL,NULL,'2026-12-04T16:11:44.624+00:00','alice',0,2,0,0,'{}','committed','undo','root');
INSERT INTO "imports" VALUES(6,'warwickshire.cpdesk.xlsx','C:/returns/warwickshire.cpdesk.xlsx','hash-own','2026-12-04T16:11:44.627+00:00','dave',1,2,2,0,'{}','undone','file','root');
INSERT INTO "imports" VALUES(7,'(undo of import 6)',NULL,NULL,'2026-12-04T16:11:44.628+00:00','dave',0,3,0,0,'{}','committed','undo','root');
INSERT INTO "imports" VALUES(8,'rugby 2.xlsx','C:/returns/rugby 2.xlsx','hash-rugby','2026-12-04T16:11:44.630+00:00','erin',1,0,0,0,'{}','committed','file','root');
CREATE TABLE indicators (
	id VARCHAR(64) NOT NULL, 
	title TEXT NOT NULL, 
	unit VARCHAR(32) NOT NULL, 
	polarity VARCHAR(16) NOT NULL, 
	decimals INTEGER NOT NULL, 
	period_kind VARCHAR(16) NOT NULL, 
	breakdown VARCHAR(64), 
	local BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "indicators" VALUES('cpp_count','Children subject to a child protection plan at 31 March','count','none',0,'snapshot',NULL,0);
INSERT INTO "indicators" VALUES('cpp_starts','Child protection plans starting in the year','count','none',0,'year',NULL,0);
INSERT INTO "indicators" VALUES('cpp_repeat_count','Plans starting that were a second or subsequent plan','count','low',0,'year',NULL,0);
CREATE TABLE meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "meta" VALUES('created','2026-12-04T16:11:44.611+00:00');
INSERT INTO "meta" VALUES('schema_version','2');
CREATE TABLE observations (
	id INTEGER NOT NULL, 
	area_code VARCHAR(64) NOT NULL, 
	indicator_id VARCHAR(64) NOT NULL, 
	breakdown VARCHAR(64) DEFAULT '' NOT NULL, 
	period_id INTEGER NOT NULL, 
	publisher VARCHAR(32) DEFAULT 'local' NOT NULL, 
	value DOUBLE, 
	status VARCHAR(16), 
	raw TEXT, 
	source_file TEXT, 
	source_sheet TEXT, 
	source_cell VARCHAR(32), 
	import_id INTEGER, 
	updated_at VARCHAR(40) NOT NULL, 
	updated_by TEXT NOT NULL, 
	revision INTEGER DEFAULT '1' NOT NULL, 
	updated_by_login TEXT, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_observations_cell UNIQUE (area_code, indicator_id, breakdown, period_id, publisher), 
	FOREIGN KEY(area_code) REFERENCES areas (code), 
	FOREIGN KEY(indicator_id) REFERENCES indicators (id), 
	FOREIGN KEY(period_id) REFERENCES periods (id), 
	FOREIGN KEY(import_id) REFERENCES imports (id)
);
INSERT INTO "observations" VALUES(1,'E10000031','cpp_count','',1,'local',563.0,NULL,'563','CP performance report.xlsx','Table 6','D10',5,'2026-12-04T16:11:44.624+00:00','alice',3,'root');
INSERT INTO "observations" VALUES(2,'E10000031','cpp_count','',2,'local',345.0,NULL,'345','CP performance report.xlsx','Table 6','E10',7,'2026-12-04T16:11:44.628+00:00','dave',5,'root');
INSERT INTO "observations" VALUES(3,'E10000031','cpp_starts','',3,'local',680.0,NULL,'680',NULL,NULL,NULL,7,'2026-12-04T16:11:44.628+00:00','dave',4,'root');
INSERT INTO "observations" VALUES(4,'E10000031','cpp_count','',1,'dfe',561.0,NULL,'561','d1_2018.csv','Table 6','row 12',2,'2026-12-04T16:11:44.620+00:00','alice',1,'root');
INSERT INTO "observations" VALUES(5,'E10000031','cpp_repeat_count','',3,'dfe',126.0,NULL,'126','d3.csv','Table 6','row 9',2,'2026-12-04T16:11:44.620+00:00','alice',1,'root');
INSERT INTO "observations" VALUES(6,'E07000220','cpp_count','',1,'local',42.0,NULL,'42','rugby 2.xlsx','Table 6','C4',8,'2026-12-04T16:11:44.630+00:00','erin',3,'root');
CREATE TABLE periods (
	id INTEGER NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	start_date DATE NOT NULL, 
	end_date DATE NOT NULL, 
	label TEXT NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_periods_kind_span UNIQUE (kind, start_date, end_date)
);
INSERT INTO "periods" VALUES(1,'snapshot','2018-03-31','2018-03-31','31 Mar 2018');
INSERT INTO "periods" VALUES(2,'snapshot','2019-03-31','2019-03-31','31 Mar 2019');
INSERT INTO "periods" VALUES(3,'year','2017-04-01','2018-03-31','2017/18');
CREATE TABLE revisions (
	id INTEGER NOT NULL, 
	observation_id INTEGER NOT NULL, 
	old_value DOUBLE, 
	old_status VARCHAR(16), 
	old_raw TEXT, 
	new_value DOUBLE, 
	new_status VARCHAR(16), 
	new_raw TEXT, 
	changed_at VARCHAR(40) NOT NULL, 
	changed_by TEXT NOT NULL, 
	import_id INTEGER, 
	reason TEXT NOT NULL, 
	source_file TEXT, 
	source_sheet TEXT, 
	source_cell VARCHAR(32), 
	changed_by_login TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(observation_id) REFERENCES observations (id), 
	FOREIGN KEY(import_id) REFERENCES imports (id)
);
INSERT INTO "revisions" VALUES(1,1,NULL,NULL,NULL,563.0,NULL,'563','2026-12-04T16:11:44.616+00:00','alice',1,'import of CP performance report.xlsx','CP performance report.xlsx','Table 6','D10','root');
INSERT INTO "revisions" VALUES(2,2,NULL,NULL,NULL,345.0,NULL,'345','2026-12-04T16:11:44.616+00:00','alice',1,'import of CP performance report.xlsx','CP performance report.xlsx','Table 6','E10','root');
INSERT INTO "revisions" VALUES(3,3,NULL,NULL,NULL,674.0,NULL,'674','2026-12-04T16:11:44.616+00:00','alice',1,'import of CP performance report.xlsx','CP performance report.xlsx','Table 6','D8','root');
INSERT INTO "revisions" VALUES(4,4,NULL,NULL,NULL,561.0,NULL,'561','2026-12-04T16:11:44.620+00:00','alice',2,'import of d1_2018.csv','d1_2018.csv','Table 6','row 12','root');
INSERT INTO "revisions" VALUES(5,5,NULL,NULL,NULL,126.0,NULL,'126','2026-12-04T16:11:44.620+00:00','alice',2,'import of d1_2018.csv','d3.csv','Table 6','row 9','root');
INSERT INTO "revisions" VALUES(6,1,563.0,NULL,'563',561.0,NULL,'561','2026-12-04T16:11:44.621+00:00','bob',3,'import of corrected.xlsx','corrected.xlsx','Table 6','D11','root');
INSERT INTO "revisions" VALUES(7,2,345.0,NULL,'345',NULL,'tbc','TBC','2026-12-04T16:11:44.621+00:00','bob',3,'import of corrected.xlsx','corrected.xlsx','Table 6','D10','root');
INSERT INTO "revisions" VALUES(8,3,674.0,NULL,'674',680.0,NULL,'680','2026-12-04T16:11:44.623+00:00','carol',4,'edit: the return''s typo corrected',NULL,NULL,NULL,'root');
INSERT INTO "revisions" VALUES(9,1,561.0,NULL,'561',563.0,NULL,'563','2026-12-04T16:11:44.624+00:00','alice',5,'undo of import 3','CP performance report.xlsx','Table 6','D10','root');
INSERT INTO "revisions" VALUES(10,2,NULL,'tbc','TBC',345.0,NULL,'345','2026-12-04T16:11:44.624+00:00','alice',5,'undo of import 3','CP performance report.xlsx','Table 6','E10','root');
INSERT INTO "revisions" VALUES(11,6,NULL,NULL,NULL,41.0,NULL,'41','2026-12-04T16:11:44.627+00:00','dave',6,'import of warwickshire.cpdesk.xlsx','rugby.xlsx','Table 6','C4','root');
INSERT INTO "revisions" VALUES(12,2,345.0,NULL,'345',346.0,NULL,'346','2026-12-04T16:11:44.627+00:00','dave',6,'import of warwickshire.cpdesk.xlsx','CP performance report.xlsx','Table 6','E10','root');
INSERT INTO "revisions" VALUES(13,3,680.0,NULL,'680',681.0,NULL,'681','2026-12-04T16:11:44.627+00:00','dave',6,'import of warwickshire.cpdesk.xlsx','',NULL,NULL,'root');
INSERT INTO "revisions" VALUES(14,6,41.0,NULL,'41',NULL,NULL,'','2026-12-04T16:11:44.628+00:00','dave',7,'undo of import 6',NULL,NULL,NULL,'root');
INSERT INTO "revisions" VALUES(15,2,346.0,NULL,'346',345.0,NULL,'345','2026-12-04T16:11:44.628+00:00','dave',7,'undo of import 6','CP performance report.xlsx','Table 6','E10','root');
INSERT INTO "revisions" VALUES(16,3,681.0,NULL,'681',680.0,NULL,'680','2026-12-04T16:11:44.628+00:00','dave',7,'undo of import 6',NULL,NULL,NULL,'root');
INSERT INTO "revisions" VALUES(17,6,NULL,NULL,'',42.0,NULL,'42','2026-12-04T16:11:44.630+00:00','erin',8,'import of rugby 2.xlsx','rugby 2.xlsx','Table 6','C4','root');
CREATE TABLE targets (
	id INTEGER NOT NULL, 
	area_code VARCHAR(64) NOT NULL, 
	indicator_id VARCHAR(64) NOT NULL, 
	breakdown VARCHAR(64) DEFAULT '' NOT NULL, 
	period_id INTEGER, 
	target DOUBLE NOT NULL, 
	tolerance DOUBLE, 
	set_by TEXT NOT NULL, 
	set_at VARCHAR(40) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(area_code) REFERENCES areas (code), 
	FOREIGN KEY(indicator_id) REFERENCES indicators (id), 
	FOREIGN KEY(period_id) REFERENCES periods (id)
);
CREATE INDEX ix_imports_file_hash ON imports (file_hash);
CREATE INDEX ix_observations_import ON observations (import_id);
CREATE INDEX ix_observations_indicator_area ON observations (indicator_id, area_code);
CREATE INDEX ix_targets_area_indicator ON targets (area_code, indicator_id);
CREATE INDEX ix_annotations_indicator_area ON annotations (indicator_id, area_code);
CREATE INDEX ix_revisions_import ON revisions (import_id);
CREATE INDEX ix_revisions_observation ON revisions (observation_id, id);
COMMIT;
