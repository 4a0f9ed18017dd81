-- cpdesk schema version 3, tables as released in 91ce7d1; built by tests/core/schemas/build_schemas.py
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
INSERT INTO "annotations" VALUES(1,'E10000031','cpp_count',2,'','Final figure agreed with the DfE return','bob','2026-11-24T09:05:00.000+00:00');
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
INSERT INTO "areas" VALUES('E12000005','West Midlands','region','E92000001',NULL,NULL);
INSERT INTO "areas" VALUES('E92000001','England','country',NULL,NULL,NULL);
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
	reason TEXT, 
	PRIMARY KEY (id)
);
INSERT INTO "imports" VALUES(1,'CP performance report 2018-19.xlsx','C:/returns/CP performance report 2018-19.xlsx','sha256-1','2026-11-23T15:00:00.000+00:00','alice',3,0,0,0,'{}','committed','file',NULL,'import');
INSERT INTO "imports" VALUES(2,'d1_cpp_2018.csv','C:/returns/d1_cpp_2018.csv','sha256-2','2026-11-23T15:05:00.000+00:00','alice',2,0,0,0,'{}','committed','file',NULL,'import');
INSERT INTO "imports" VALUES(3,'CP performance report 2018-19 final.xlsx','C:/returns/CP performance report 2018-19 final.xlsx','sha256-3','2026-11-24T09:00:00.000+00:00','bob',0,1,0,0,'{}','committed','file',NULL,'import');
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
INSERT INTO "meta" VALUES('schema_version','3');
INSERT INTO "meta" VALUES('created','2026-11-23T14:40:00.000+00:00');
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
	revision INTEGER DEFAULT '1' NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_observations_cell UNIQUE (area_code, indicator_id, breakdown, period_id, publisher), 
	FOREIGN KEY(area_code) REFERENCES areas (code), 
	FOREIGN KEY(indicator_id) REFERENCES indicators (id), 
	FOREIGN KEY(period_id) REFERENCES periods (id), 
	FOREIGN KEY(import_id) REFERENCES imports (id)
);
INSERT INTO "observations" VALUES(1,'E10000031','cpp_count','',1,'local',563.0,NULL,'563','CP performance report 2018-19.xlsx','Table 6','D10',1,1);
INSERT INTO "observations" VALUES(2,'E10000031','cpp_count','',2,'local',345.0,NULL,'345','CP performance report 2018-19 final.xlsx','Table 6','E10',3,2);
INSERT INTO "observations" VALUES(3,'E10000031','cpp_starts','',3,'local',674.0,NULL,'674','CP performance report 2018-19.xlsx','Table 6','D8',1,1);
INSERT INTO "observations" VALUES(4,'E10000031','cpp_count','',1,'dfe',561.0,NULL,'561','d1_cpp_2018.csv','Table 6','row 12',2,1);
INSERT INTO "observations" VALUES(5,'E10000031','cpp_repeat_count','',3,'dfe',126.0,NULL,'126','d1_cpp_2018.csv','Table 6','row 9',2,1);
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
	import_id INTEGER, 
	reason TEXT NOT NULL, 
	source_file TEXT, 
	source_sheet TEXT, 
	source_cell VARCHAR(32), 
	PRIMARY KEY (id), 
	FOREIGN KEY(observation_id) REFERENCES observations (id), 
	FOREIGN KEY(import_id) REFERENCES imports (id)
);
INSERT INTO "revisions" VALUES(1,2,NULL,NULL,NULL,NULL,'tbc','TBC',1,'import','',NULL,NULL);
INSERT INTO "revisions" VALUES(2,2,NULL,'tbc','TBC',345.0,NULL,'345',3,'import','',NULL,NULL);
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
INSERT INTO "targets" VALUES(1,'E10000031','cpp_count','',NULL,500.0,5.0,'alice','2026-11-23T16:00:00.000+00:00');
CREATE INDEX ix_imports_file_hash ON imports (file_hash);
CREATE INDEX ix_observations_import ON observations (import_id);
CREATE INDEX ix_observations_indicator_area ON observations (indicator_id, area_code);
CREATE INDEX ix_targets_area_indicator ON targets (area_code, indicator_id);
CREATE INDEX ix_annotations_indicator_area ON annotations (indicator_id, area_code);
CREATE INDEX ix_revisions_observation ON revisions (observation_id, id);
CREATE INDEX ix_revisions_import ON revisions (import_id);
COMMIT;
