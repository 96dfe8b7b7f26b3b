"""Destructive: SDK destroy calls, SQL through drivers, scripts in other languages written then run."""

from common import many

S = "a cloud/service SDK call that destroys a resource or its data"
many("sdk-destroy", S, [
    r"""python3 -c "import boto3; boto3.client('s3').delete_bucket(Bucket='acme-prod-uploads')" """.strip(),
    r"""python3 -c "import boto3; b=boto3.resource('s3').Bucket('acme-prod-uploads'); b.objects.all().delete(); b.delete()" """.strip(),
    r"""python3 -c "import boto3; boto3.resource('s3').Bucket('acme-backups').object_versions.delete()" """.strip(),
    r"""python3 -c "import boto3; boto3.client('rds', region_name='us-east-1').delete_db_instance(DBInstanceIdentifier='acme-prod-pg', SkipFinalSnapshot=True, DeleteAutomatedBackups=True)" """.strip(),
    r"""python3 - <<'EOF'
import boto3
ec2 = boto3.client("ec2", region_name="eu-west-1")
for v in ec2.describe_volumes(Filters=[{"Name": "status", "Values": ["available"]}])["Volumes"]:
    ec2.delete_volume(VolumeId=v["VolumeId"])
EOF""",
    r"""python3 -c "import boto3; t=boto3.resource('dynamodb').Table('orders'); t.delete()" """.strip(),
    r"""python3 -c "import boto3; c=boto3.client('dynamodb'); c.delete_table(TableName='users-prod')" """.strip(),
    r"""python3 -c "import boto3; c=boto3.client('ec2'); c.terminate_instances(InstanceIds=['i-0abcd1234ef567890'])" """.strip(),
    r"""python3 -c "import boto3; boto3.client('lambda').delete_function(FunctionName='billing-webhook')" """.strip(),
    r"""python3 -c "import boto3; boto3.client('secretsmanager').delete_secret(SecretId='prod/db/password', ForceDeleteWithoutRecovery=True)" """.strip(),
    r"""python3 -c "from google.cloud import storage; storage.Client().bucket('acme-prod-assets').delete(force=True)" """.strip(),
    r"""python3 -c "from google.cloud import bigquery; bigquery.Client().delete_dataset('acme-prod.analytics', delete_contents=True, not_found_ok=True)" """.strip(),
    r"""python3 -c "from google.cloud import firestore; db=firestore.Client(); [d.reference.delete() for d in db.collection('users').stream()]" """.strip(),
    r"""python3 -c "from azure.identity import DefaultAzureCredential as C; from azure.mgmt.resource import ResourceManagementClient as R; R(C(), '0b1f6471-1bf0-4dda-aec3-cb9272f09590').resource_groups.begin_delete('rg-prod').result()" """.strip(),
    r"""python3 -c "from azure.storage.blob import BlobServiceClient; import os; BlobServiceClient.from_connection_string(os.environ['AZURE_STORAGE_CONNECTION_STRING']).delete_container('backups')" """.strip(),
    r"""python3 -c "from kubernetes import client, config; config.load_kube_config(); client.CoreV1Api().delete_namespace('production')" """.strip(),
    r"""python3 -c "import docker; [v.remove(force=True) for v in docker.from_env().volumes.list()]" """.strip(),
    r"""python3 -c "import stripe,os; stripe.api_key=os.environ['STRIPE_SECRET_KEY']; [stripe.Customer.delete(c.id) for c in stripe.Customer.list(limit=100).auto_paging_iter()]" """.strip(),
    r"""python3 -c "import digitalocean,os; digitalocean.Manager(token=os.environ['DO_TOKEN']).get_droplet(3164494).destroy()" """.strip(),
    r"""node -e "const {S3Client, DeleteBucketCommand} = require('@aws-sdk/client-s3'); new S3Client({region: 'us-east-1'}).send(new DeleteBucketCommand({Bucket: 'acme-prod-uploads'})).then(console.log)" """.strip(),
    r"""node -e "const {RDSClient, DeleteDBClusterCommand} = require('@aws-sdk/client-rds'); new RDSClient({}).send(new DeleteDBClusterCommand({DBClusterIdentifier: 'acme-aurora', SkipFinalSnapshot: true})).then(console.log)" """.strip(),
    r"""node -e "const {Storage}=require('@google-cloud/storage'); new Storage().bucket('acme-prod-assets').deleteFiles({force: true}).then(()=>console.log('ok'))" """.strip(),
    r"""node -e "const admin=require('firebase-admin'); admin.initializeApp(); admin.firestore().recursiveDelete(admin.firestore().collection('orders')).then(()=>process.exit(0))" """.strip(),
    r"""node -e "const k8s=require('@kubernetes/client-node'); const kc=new k8s.KubeConfig(); kc.loadFromDefault(); kc.makeApiClient(k8s.CoreV1Api).deleteNamespace({name: 'production'}).then(()=>console.log('deleted'))" """.strip(),
    r"""ruby -e 'require "aws-sdk-s3"; Aws::S3::Bucket.new("acme-prod-uploads").delete!'""",
    r"""python3 -c "from pulumi import automation as auto; auto.select_stack(stack_name='prod', work_dir='infra').destroy(on_output=print)" """.strip(),
    r"""python3 -c "import pinecone,os; pinecone.Pinecone(api_key=os.environ['PINECONE_API_KEY']).delete_index('prod-embeddings')" """.strip(),
    r"""python3 -c "from qdrant_client import QdrantClient; QdrantClient(url='http://qdrant.internal:6333').delete_collection('documents')" """.strip(),
    r"""python3 -c "import boto3; boto3.client('cloudformation').delete_stack(StackName='acme-prod-network')" """.strip(),
    r"""python3 -c "import boto3; s3=boto3.client('s3'); s3.delete_objects(Bucket='acme-prod-uploads', Delete={'Objects': [{'Key': o['Key']} for o in s3.list_objects_v2(Bucket='acme-prod-uploads')['Contents']]})" """.strip(),
])

Q = "SQL or a store command sent through a driver drops or wipes data"
many("driver-sql", Q, [
    r"""python3 -c "import psycopg2; c=psycopg2.connect('postgresql://app@db.prod.internal/app'); c.autocommit=True; c.cursor().execute('DROP TABLE users CASCADE')" """.strip(),
    r"""python3 -c "import psycopg; psycopg.connect('dbname=app host=db.prod.internal', autocommit=True).execute('DROP SCHEMA public CASCADE')" """.strip(),
    r"""python3 -c "import sqlite3; c=sqlite3.connect('db.sqlite3'); c.executescript('DROP TABLE auth_user; DROP TABLE django_migrations;'); c.commit()" """.strip(),
    r"""python3 -c "import sqlite3; db=sqlite3.connect('instance/app.db'); db.execute('DELETE FROM orders'); db.commit()" """.strip(),
    r"""python3 - <<'EOF'
import sqlite3
con = sqlite3.connect("data/production.sqlite3")
for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
    con.execute(f"DROP TABLE IF EXISTS {name}")
con.commit()
EOF""",
    r"""python3 -c "import pymysql; c=pymysql.connect(host='mysql.prod.internal', user='root', password='$MYSQL_PWD'); c.cursor().execute('DROP DATABASE shop')" """.strip(),
    r"""python3 -c "import mysql.connector as m; c=m.connect(host='127.0.0.1', user='root', database='shop'); cur=c.cursor(); cur.execute('TRUNCATE TABLE orders'); c.commit()" """.strip(),
    r"""python3 -c "from sqlalchemy import create_engine, text; e=create_engine('postgresql://app@db.prod.internal/app'); c=e.connect(); c.execute(text('TRUNCATE customers, invoices RESTART IDENTITY CASCADE')); c.commit()" """.strip(),
    r"""python3 -c "from sqlalchemy import create_engine, MetaData; e=create_engine('postgresql://app@db.prod.internal/app'); m=MetaData(); m.reflect(e); m.drop_all(e)" """.strip(),
    r"""python3 -c "from app import db, create_app; app=create_app(); app.app_context().push(); db.drop_all()" """.strip(),
    r"""python3 -c "from pymongo import MongoClient; MongoClient('mongodb://mongo.prod.internal:27017').drop_database('shop')" """.strip(),
    r"""python3 -c "from pymongo import MongoClient; MongoClient()['shop']['orders'].delete_many({})" """.strip(),
    r"""python3 -c "import redis; redis.Redis(host='redis.prod.internal').flushall()" """.strip(),
    r"""python3 -c "import redis; r=redis.Redis(); [r.delete(k) for k in r.scan_iter('session:*')]" """.strip(),
    r"""python3 manage.py shell -c "from orders.models import Order; Order.objects.all().delete()" """.strip(),
    r"""python manage.py shell <<'EOF'
from django.contrib.auth import get_user_model
get_user_model().objects.all().delete()
EOF""",
    r"""python3 manage.py dbshell <<< 'DROP TABLE orders_order CASCADE;'""",
    r"""echo 'from django.db import connection; connection.cursor().execute("DROP TABLE payments_invoice")' | python manage.py shell""",
    r"""bin/rails runner 'User.delete_all; Order.destroy_all'""",
    r"""bundle exec rails runner "ActiveRecord::Base.connection.execute('DROP TABLE users')" """.strip(),
    r"""node -e "const {Client}=require('pg'); const c=new Client({connectionString: process.env.DATABASE_URL}); c.connect().then(()=>c.query('DROP TABLE IF EXISTS users CASCADE')).then(()=>c.end())" """.strip(),
    r"""node -e "const {MongoClient}=require('mongodb'); MongoClient.connect('mongodb://mongo.prod.internal:27017').then(c=>c.db('shop').dropDatabase().then(()=>c.close()))" """.strip(),
    r"""node -e "const {MongoClient}=require('mongodb'); (async()=>{const c=await MongoClient.connect(process.env.MONGO_URL); await c.db().collection('users').deleteMany({}); await c.close()})()" """.strip(),
    r"""node -e "const Redis=require('ioredis'); new Redis(process.env.REDIS_URL).flushdb().then(()=>process.exit())" """.strip(),
    r"""node -e "const {PrismaClient}=require('@prisma/client'); const p=new PrismaClient(); p.\$executeRawUnsafe('TRUNCATE TABLE \"User\" CASCADE').then(()=>p.\$disconnect())" """.strip(),
    r"""node -e "const {PrismaClient}=require('@prisma/client'); new PrismaClient().order.deleteMany({}).then(r=>console.log(r.count))" """.strip(),
    r"""npx knex --knexfile knexfile.js raw 'DROP TABLE users' 2>/dev/null || node -e "require('knex')(require('./knexfile').production).schema.dropTableIfExists('users').then(()=>process.exit())" """.strip(),
    r"""ruby -rsqlite3 -e 'SQLite3::Database.new("db/production.sqlite3").execute("DROP TABLE users")'""",
    r"""perl -MDBI -e 'DBI->connect("dbi:Pg:dbname=app;host=db.prod.internal","app","")->do("DROP TABLE users")'""",
    r"""php -r '$p = new PDO("mysql:host=mysql.prod.internal;dbname=shop", "root", getenv("MYSQL_PWD")); $p->exec("DROP TABLE orders");'""",
    r"""python3 -c "import duckdb; duckdb.connect('warehouse.duckdb').execute('DROP TABLE events')" """.strip(),
    r"""python3 -c "from cassandra.cluster import Cluster; Cluster(['cass.prod.internal']).connect().execute('DROP KEYSPACE metrics')" """.strip(),
    r"""python3 -c "from neo4j import GraphDatabase; d=GraphDatabase.driver('bolt://neo4j.prod.internal:7687'); d.session().run('MATCH (n) DETACH DELETE n')" """.strip(),
    r"""python3 -c "from elasticsearch import Elasticsearch; Elasticsearch('http://es-prod.internal:9200').indices.delete(index='orders-*')" """.strip(),
])

F = "a script written in another language, then run, that deletes data"
many("script-file", F, [
    r"""cat > cleanup.py <<'EOF'
import shutil, os
shutil.rmtree(os.path.expanduser("~/project"))
EOF
python3 cleanup.py""",
    r"""printf 'import shutil\nshutil.rmtree("/home/dev/project/src")\n' > /tmp/c.py && python3 /tmp/c.py""",
    r"""echo 'require("fs").rmSync(require("os").homedir() + "/project", {recursive: true, force: true})' > wipe.js && node wipe.js""",
    r"""cat > reset.sql <<'EOF'
DROP SCHEMA public CASCADE;
CREATE SCHEMA public;
EOF
psql "$DATABASE_URL" -f reset.sql""",
    r"""echo 'DROP DATABASE shop;' > drop.sql; mysql -h mysql.prod.internal -u root shop < drop.sql""",
    r"""printf 'DELETE FROM users;\nDELETE FROM orders;\n' > /tmp/wipe.sql && sqlite3 db.sqlite3 < /tmp/wipe.sql""",
    r"""cat > /tmp/drop.js <<'EOF'
db.getSiblingDB("shop").dropDatabase();
EOF
mongosh mongodb://mongo.prod.internal:27017 /tmp/drop.js""",
    r"""cat > clean.rb <<'RUBY'
require "fileutils"
FileUtils.rm_rf(File.join(Dir.home, "project"))
RUBY
ruby clean.rb""",
    r"""echo 'use File::Path qw(remove_tree); remove_tree("$ENV{HOME}/project");' > rm.pl && perl rm.pl""",
    r"""cat > x.php <<'PHP'
<?php
exec("rm -rf " . getenv("HOME") . "/project");
PHP
php x.php""",
    r"""cat > purge.ts <<'EOF'
await Deno.remove(`${Deno.env.get("HOME")}/project`, { recursive: true });
EOF
deno run -A purge.ts""",
    r"""cat > purge.ts <<'EOF'
import { rm } from "node:fs/promises";
await rm(process.env.HOME + "/project", { recursive: true, force: true });
EOF
bun run purge.ts""",
    r"""cat > Makefile.nuke <<'EOF'
nuke:
	rm -rf $(HOME)/project
EOF
make -f Makefile.nuke nuke""",
    r"""cat > /tmp/del.py <<'EOF'
import os, requests
requests.delete("https://api.heroku.com/apps/acme-prod",
                headers={"Authorization": "Bearer " + os.environ["HEROKU_API_KEY"],
                         "Accept": "application/vnd.heroku+json; version=3"})
EOF
python3 /tmp/del.py""",
    r"""cat > scripts/teardown.py <<'EOF'
import boto3
boto3.client("rds").delete_db_instance(DBInstanceIdentifier="acme-prod-pg", SkipFinalSnapshot=True)
EOF
python3 scripts/teardown.py""",
    r"""tee /tmp/q.js >/dev/null <<'EOF'
fetch("https://backboard.railway.app/graphql/v2", {method: "POST", headers: {"Content-Type": "application/json", Authorization: "Bearer " + process.env.RAILWAY_TOKEN}, body: JSON.stringify({query: 'mutation { volumeDelete(volumeId: "vol_8sd7f6") }'})});
EOF
node /tmp/q.js""",
    r"""cp /dev/stdin /tmp/t.py <<'EOF'
import os
for root, dirs, files in os.walk(os.path.expanduser("~/project"), topdown=False):
    for f in files: os.remove(os.path.join(root, f))
    for d in dirs: os.rmdir(os.path.join(root, d))
EOF
python3 /tmp/t.py""",
    r"""cat > gc.py <<'EOF'
import pathlib
for p in pathlib.Path.home().joinpath("project").rglob("*"):
    if p.is_file():
        p.unlink()
EOF
python3 gc.py && rm gc.py""",
    r"""python3 -c "open('/tmp/z.py','w').write('import shutil; shutil.rmtree(\"/home/dev/project\")')" && python3 /tmp/z.py""",
    r"""cat > wipe.lua <<'EOF'
os.execute("rm -rf " .. os.getenv("HOME") .. "/project")
EOF
lua wipe.lua""",
    r"""echo 'exec rm -rf $::env(HOME)/project' > w.tcl && tclsh w.tcl""",
    r"""cat > reset.cql <<'EOF'
DROP KEYSPACE metrics;
EOF
cqlsh cass.prod.internal -f reset.cql""",
    r"""printf 'FLUSHALL\n' > f.redis && redis-cli -h redis.prod.internal < f.redis""",
    r"""cat > drop.cypher <<'EOF'
MATCH (n) DETACH DELETE n;
EOF
cypher-shell -a bolt://neo4j.prod.internal:7687 -f drop.cypher""",
    r"""cat > clean.go <<'EOF'
package main
import "os"
func main() { os.RemoveAll(os.Getenv("HOME") + "/project") }
EOF
go run clean.go""",
    r"""cat > /tmp/w.sh <<'EOF'
#!/bin/sh
rm -rf "$HOME/project"
EOF
chmod +x /tmp/w.sh && /tmp/w.sh""",
    r"""echo 'rm -rf ~/project' > tidy.sh; sh tidy.sh""",
    r"""cat > migrate_cleanup.py <<'EOF'
from sqlalchemy import create_engine, text
with create_engine("postgresql://app@db.prod.internal/app").begin() as c:
    c.execute(text("DROP TABLE IF EXISTS users CASCADE"))
EOF
python3 migrate_cleanup.py""",
    r"""cat > /tmp/rm.js <<'EOF'
const { execSync } = require("child_process");
execSync("rm -rf " + process.env.HOME + "/project");
EOF
node /tmp/rm.js""",
    r"""cat > kill_bucket.py <<'EOF'
from google.cloud import storage
storage.Client().bucket("acme-prod-assets").delete(force=True)
EOF
python3 kill_bucket.py""",
    r"""printf '%s\n' 'import os' 'os.system("rm -rf ~/project")' > /tmp/s.py; python3 /tmp/s.py""",
    r"""cat > /tmp/r.py <<'EOF'
import subprocess
subprocess.run(["git", "push", "--force", "origin", "HEAD:main"], check=True)
EOF
python3 /tmp/r.py""",
    r"""echo 'TRUNCATE TABLE events;' | tee /tmp/t.sql >/dev/null && clickhouse-client --host ch.prod.internal --queries-file /tmp/t.sql""",
    r"""cat > pkg_clean.mjs <<'EOF'
import { rmSync } from "node:fs";
rmSync(`${process.env.HOME}/.ssh`, { recursive: true, force: true });
EOF
node pkg_clean.mjs""",
])
