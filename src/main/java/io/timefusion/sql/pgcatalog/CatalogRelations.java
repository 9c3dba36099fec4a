package io.timefusion.sql.pgcatalog;

import static io.timefusion.sql.pgcatalog.CatalogRelation.Namespace.INFORMATION_SCHEMA;
import static io.timefusion.sql.pgcatalog.CatalogRelation.Namespace.PG_CATALOG;

import io.timefusion.sql.pgcatalog.CatalogRelation.Namespace;
import java.util.List;

/**
 * The relations of pg_catalog and information_schema that clients query, shaped as in PostgreSQL
 * 16 (column names, types and order) and with PostgreSQL's OIDs; the kind ('r' or 'v') is what
 * PostgreSQL reports. Relations PostgreSQL has but TimeFusion has nothing to put in (triggers,
 * policies, publications...) are here empty, so that the queries of psql and the drivers, which
 * join them, work.
 */
final class CatalogRelations {
  private CatalogRelations() {}

  private static CatalogRelation table(int oid, String name, String columns) {
    return CatalogRelation.of(PG_CATALOG, 'r', oid, name, columns);
  }

  private static CatalogRelation view(int oid, String name, String columns) {
    return CatalogRelation.of(PG_CATALOG, 'v', oid, name, columns);
  }

  private static CatalogRelation infoView(int oid, String name, String columns) {
    return CatalogRelation.of(INFORMATION_SCHEMA, 'v', oid, name, columns);
  }

  static final List<CatalogRelation> ALL =
      List.of(
          table(2601, "pg_am", "oid oid, amname name, amhandler regproc, amtype char"),
          table(2600, "pg_aggregate",
              "aggfnoid regproc, aggkind char, aggnumdirectargs int2, aggtransfn regproc, aggfinalfn regproc,"
                  + " aggcombinefn regproc, aggserialfn regproc, aggdeserialfn regproc, aggmtransfn regproc,"
                  + " aggminvtransfn regproc, aggmfinalfn regproc, aggfinalextra bool, aggmfinalextra bool,"
                  + " aggfinalmodify char, aggmfinalmodify char, aggsortop oid, aggtranstype oid, aggtransspace int4,"
                  + " aggmtranstype oid, aggmtransspace int4, agginitval text, aggminitval text"),
          table(2602, "pg_amop",
              "oid oid, amopfamily oid, amoplefttype oid, amoprighttype oid, amopstrategy int2, amoppurpose char,"
                  + " amopopr oid, amopmethod oid, amopsortfamily oid"),
          table(2603, "pg_amproc",
              "oid oid, amprocfamily oid, amproclefttype oid, amprocrighttype oid, amprocnum int2, amproc regproc"),
          table(2604, "pg_attrdef", "oid oid, adrelid oid, adnum int2, adbin pg_node_tree"),
          table(1249, "pg_attribute",
              "attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2, attnum int2, attndims int4,"
                  + " attcacheoff int4, atttypmod int4, attbyval bool, attalign char, attstorage char,"
                  + " attcompression char, attnotnull bool, atthasdef bool, atthasmissing bool, attidentity char,"
                  + " attgenerated char, attisdropped bool, attislocal bool, attinhcount int4, attcollation oid,"
                  + " attacl aclitem[], attoptions text[], attfdwoptions text[], attmissingval anyarray"),
          table(1261, "pg_auth_members",
              "oid oid, roleid oid, member oid, grantor oid, admin_option bool, inherit_option bool, set_option bool"),
          table(1260, "pg_authid",
              "oid oid, rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool,"
                  + " rolcanlogin bool, rolreplication bool, rolbypassrls bool, rolconnlimit int4, rolpassword text,"
                  + " rolvaliduntil timestamptz"),
          table(2605, "pg_cast",
              "oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod char"),
          table(1259, "pg_class",
              "oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid,"
                  + " relfilenode oid, reltablespace oid, relpages int4, reltuples float4, relallvisible int4,"
                  + " reltoastrelid oid, relhasindex bool, relisshared bool, relpersistence char, relkind char,"
                  + " relnatts int2, relchecks int2, relhasrules bool, relhastriggers bool, relhassubclass bool,"
                  + " relrowsecurity bool, relforcerowsecurity bool, relispopulated bool, relreplident char,"
                  + " relispartition bool, relrewrite oid, relfrozenxid xid, relminmxid xid, relacl aclitem[],"
                  + " reloptions text[], relpartbound pg_node_tree"),
          table(3456, "pg_collation",
              "oid oid, collname name, collnamespace oid, collowner oid, collprovider char, collisdeterministic bool,"
                  + " collencoding int4, collcollate text, collctype text, colliculocale text, collicurules text,"
                  + " collversion text"),
          table(2606, "pg_constraint",
              "oid oid, conname name, connamespace oid, contype char, condeferrable bool, condeferred bool,"
                  + " convalidated bool, conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid,"
                  + " confupdtype char, confdeltype char, confmatchtype char, conislocal bool, coninhcount int4,"
                  + " connoinherit bool, conkey int2[], confkey int2[], conpfeqop oid[], conppeqop oid[],"
                  + " conffeqop oid[], confdelsetcols int2[], conexclop oid[], conbin pg_node_tree"),
          table(2607, "pg_conversion",
              "oid oid, conname name, connamespace oid, conowner oid, conforencoding int4, contoencoding int4,"
                  + " conproc regproc, condefault bool"),
          table(1262, "pg_database",
              "oid oid, datname name, datdba oid, encoding int4, datlocprovider char, datistemplate bool,"
                  + " datallowconn bool, datconnlimit int4, datfrozenxid xid, datminmxid xid, dattablespace oid,"
                  + " datcollate text, datctype text, daticulocale text, daticurules text, datcollversion text,"
                  + " datacl aclitem[]"),
          table(826, "pg_default_acl",
              "oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype char, defaclacl aclitem[]"),
          table(2608, "pg_depend",
              "classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype char"),
          table(2609, "pg_description", "objoid oid, classoid oid, objsubid int4, description text"),
          table(3501, "pg_enum", "oid oid, enumtypid oid, enumsortorder float4, enumlabel name"),
          table(3466, "pg_event_trigger",
              "oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, evttags text[]"),
          table(3079, "pg_extension",
              "oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, extversion text,"
                  + " extconfig oid[], extcondition text[]"),
          table(2328, "pg_foreign_data_wrapper",
              "oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl aclitem[], fdwoptions text[]"),
          table(1417, "pg_foreign_server",
              "oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, srvacl aclitem[],"
                  + " srvoptions text[]"),
          table(3118, "pg_foreign_table", "ftrelid oid, ftserver oid, ftoptions text[]"),
          table(2610, "pg_index",
              "indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool,"
                  + " indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool,"
                  + " indisclustered bool, indisvalid bool, indcheckxmin bool, indisready bool, indislive bool,"
                  + " indisreplident bool, indkey int2vector, indcollation oidvector, indclass oidvector,"
                  + " indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree"),
          table(2611, "pg_inherits", "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool"),
          table(2612, "pg_language",
              "oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid oid,"
                  + " laninline oid, lanvalidator oid, lanacl aclitem[]"),
          table(2995, "pg_largeobject_metadata", "oid oid, lomowner oid, lomacl aclitem[]"),
          table(2615, "pg_namespace", "oid oid, nspname name, nspowner oid, nspacl aclitem[]"),
          table(2616, "pg_opclass",
              "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, opcintype oid,"
                  + " opcdefault bool, opckeytype oid"),
          table(2753, "pg_opfamily", "oid oid, opfmethod oid, opfname name, opfnamespace oid, opfowner oid"),
          table(2617, "pg_operator",
              "oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprcanmerge bool,"
                  + " oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid,"
                  + " oprcode regproc, oprrest regproc, oprjoin regproc"),
          table(6243, "pg_parameter_acl", "oid oid, parname text, paracl aclitem[]"),
          table(3350, "pg_partitioned_table",
              "partrelid oid, partstrat char, partnatts int2, partdefid oid, partattrs int2vector,"
                  + " partclass oidvector, partcollation oidvector, partexprs pg_node_tree"),
          table(3256, "pg_policy",
              "oid oid, polname name, polrelid oid, polcmd char, polpermissive bool, polroles oid[],"
                  + " polqual pg_node_tree, polwithcheck pg_node_tree"),
          table(1255, "pg_proc",
              "oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4, prorows float4,"
                  + " provariadic oid, prosupport regproc, prokind char, prosecdef bool, proleakproof bool,"
                  + " proisstrict bool, proretset bool, provolatile char, proparallel char, pronargs int2,"
                  + " pronargdefaults int2, prorettype oid, proargtypes oidvector, proallargtypes oid[],"
                  + " proargmodes char[], proargnames text[], proargdefaults pg_node_tree, protrftypes oid[],"
                  + " prosrc text, probin text, prosqlbody pg_node_tree, proconfig text[], proacl aclitem[]"),
          table(6104, "pg_publication",
              "oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool,"
                  + " pubdelete bool, pubtruncate bool, pubviaroot bool"),
          table(6237, "pg_publication_namespace", "oid oid, pnpubid oid, pnnspid oid"),
          table(6106, "pg_publication_rel", "oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector"),
          table(3541, "pg_range",
              "rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid,"
                  + " rngcanonical regproc, rngsubdiff regproc"),
          table(2618, "pg_rewrite",
              "oid oid, rulename name, ev_class oid, ev_type char, ev_enabled char, is_instead bool,"
                  + " ev_qual pg_node_tree, ev_action pg_node_tree"),
          table(2224, "pg_sequence",
              "seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8,"
                  + " seqcache int8, seqcycle bool"),
          table(2396, "pg_shdescription", "objoid oid, classoid oid, description text"),
          table(3381, "pg_statistic_ext",
              "oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4,"
                  + " stxkeys int2vector, stxkind char[], stxexprs pg_node_tree"),
          table(6100, "pg_subscription",
              "oid oid, subdbid oid, subskiplsn pg_lsn, subname name, subowner oid, subenabled bool, subbinary bool,"
                  + " substream char, subtwophasestate char, subdisableonerr bool, subpasswordrequired bool,"
                  + " subrunasowner bool, subconninfo text, subslotname name, subsynccommit text, subpublications text[],"
                  + " suborigin text"),
          table(1213, "pg_tablespace", "oid oid, spcname name, spcowner oid, spcacl aclitem[], spcoptions text[]"),
          table(2620, "pg_trigger",
              "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled char,"
                  + " tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool,"
                  + " tginitdeferred bool, tgnargs int2, tgattr int2vector, tgargs bytea, tgqual pg_node_tree,"
                  + " tgoldtable name, tgnewtable name"),
          table(3602, "pg_ts_config", "oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid"),
          table(3600, "pg_ts_dict",
              "oid oid, dictname name, dictnamespace oid, dictowner oid, dicttemplate oid, dictinitoption text"),
          table(3601, "pg_ts_parser",
              "oid oid, prsname name, prsnamespace oid, prsstart regproc, prstoken regproc, prsend regproc,"
                  + " prsheadline regproc, prslextype regproc"),
          table(3764, "pg_ts_template", "oid oid, tmplname name, tmplnamespace oid, tmplinit regproc, tmpllexize regproc"),
          table(2964, "pg_db_role_setting", "setdatabase oid, setrole oid, setconfig text[]"),
          table(1247, "pg_type",
              "oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool, typtype char,"
                  + " typcategory char, typispreferred bool, typisdefined bool, typdelim char, typrelid oid,"
                  + " typsubscript regproc, typelem oid, typarray oid, typinput regproc, typoutput regproc,"
                  + " typreceive regproc, typsend regproc, typmodin regproc, typmodout regproc, typanalyze regproc,"
                  + " typalign char, typstorage char, typnotnull bool, typbasetype oid, typtypmod int4,"
                  + " typndims int4, typcollation oid, typdefaultbin pg_node_tree, typdefault text, typacl aclitem[]"),
          view(12000, "pg_roles",
              "rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool, rolcanlogin bool,"
                  + " rolreplication bool, rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz,"
                  + " rolbypassrls bool, rolconfig text[], oid oid"),
          view(12014, "pg_user",
              "usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, usebypassrls bool,"
                  + " passwd text, valuntil timestamptz, useconfig text[]"),
          view(12028, "pg_views", "schemaname name, viewname name, viewowner name, definition text"),
          view(12033, "pg_tables",
              "schemaname name, tablename name, tableowner name, tablespace name, hasindexes bool, hasrules bool,"
                  + " hastriggers bool, rowsecurity bool"),
          view(12038, "pg_matviews",
              "schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool,"
                  + " ispopulated bool, definition text"),
          view(12043, "pg_indexes", "schemaname name, tablename name, indexname name, tablespace name, indexdef text"),
          view(12048, "pg_sequences",
              "schemaname name, sequencename name, sequenceowner name, data_type regtype, start_value int8,"
                  + " min_value int8, max_value int8, increment_by int8, cycle bool, cache_size int8, last_value int8"),
          view(12081, "pg_available_extensions",
              "name name, default_version text, installed_version text, comment text"),
          view(12104, "pg_settings",
              "name text, setting text, unit text, category text, short_desc text, extra_desc text, context text,"
                  + " vartype text, source text, min_val text, max_val text, enumvals text[], boot_val text,"
                  + " reset_val text, sourcefile text, sourceline int4, pending_restart bool"),
          view(12222, "pg_stat_activity",
              "datid oid, datname name, pid int4, leader_pid int4, usesysid oid, usename name,"
                  + " application_name text, client_addr inet, client_hostname text, client_port int4,"
                  + " backend_start timestamptz, xact_start timestamptz, query_start timestamptz,"
                  + " state_change timestamptz, wait_event_type text, wait_event text, state text, backend_xid xid,"
                  + " backend_xmin xid, query_id int8, query text, backend_type text"),
          view(12327, "pg_user_mappings",
              "umid oid, srvid oid, srvname name, umuser oid, usename name, umoptions text[]"),
          infoView(13382, "schemata",
              "catalog_name name, schema_name name, schema_owner name, default_character_set_catalog name,"
                  + " default_character_set_schema name, default_character_set_name name, sql_path varchar"),
          infoView(13425, "tables",
              "table_catalog name, table_schema name, table_name name, table_type varchar,"
                  + " self_referencing_column_name name, reference_generation varchar,"
                  + " user_defined_type_catalog name, user_defined_type_schema name, user_defined_type_name name,"
                  + " is_insertable_into varchar, is_typed varchar, commit_action varchar"),
          infoView(13295, "columns",
              "table_catalog name, table_schema name, table_name name, column_name name, ordinal_position int4,"
                  + " column_default varchar, is_nullable varchar, data_type varchar, character_maximum_length int4,"
                  + " character_octet_length int4, numeric_precision int4, numeric_precision_radix int4,"
                  + " numeric_scale int4, datetime_precision int4, interval_type varchar, interval_precision int4,"
                  + " character_set_catalog name, character_set_schema name, character_set_name name,"
                  + " collation_catalog name, collation_schema name, collation_name name, domain_catalog name,"
                  + " domain_schema name, domain_name name, udt_catalog name, udt_schema name, udt_name name,"
                  + " scope_catalog name, scope_schema name, scope_name name, maximum_cardinality int4,"
                  + " dtd_identifier name, is_self_referencing varchar, is_identity varchar,"
                  + " identity_generation varchar, identity_start varchar, identity_increment varchar,"
                  + " identity_maximum varchar, identity_minimum varchar, identity_cycle varchar,"
                  + " is_generated varchar, generation_expression varchar, is_updatable varchar"),
          infoView(13483, "views",
              "table_catalog name, table_schema name, table_name name, view_definition varchar,"
                  + " check_option varchar, is_updatable varchar, is_insertable_into varchar,"
                  + " is_trigger_updatable varchar, is_trigger_deletable varchar, is_trigger_insertable_into varchar"),
          infoView(13411, "table_constraints",
              "constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name,"
                  + " table_schema name, table_name name, constraint_type varchar, is_deferrable varchar,"
                  + " initially_deferred varchar, enforced varchar, nulls_distinct varchar"),
          infoView(13329, "key_column_usage",
              "constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name,"
                  + " table_schema name, table_name name, column_name name, ordinal_position int4,"
                  + " position_in_unique_constraint int4"),
          infoView(13339, "referential_constraints",
              "constraint_catalog name, constraint_schema name, constraint_name name,"
                  + " unique_constraint_catalog name, unique_constraint_schema name, unique_constraint_name name,"
                  + " match_option varchar, update_rule varchar, delete_rule varchar"),
          infoView(13300, "constraint_column_usage",
              "table_catalog name, table_schema name, table_name name, column_name name, constraint_catalog name,"
                  + " constraint_schema name, constraint_name name"),
          infoView(13260, "check_constraints",
              "constraint_catalog name, constraint_schema name, constraint_name name, check_clause varchar"));

  /** The relation named {@code name} in {@code ns}, or null. */
  static CatalogRelation find(Namespace ns, String name) {
    for (CatalogRelation r : ALL) {
      if (r.namespace() == ns && r.name().equals(name)) return r;
    }
    return null;
  }
}
