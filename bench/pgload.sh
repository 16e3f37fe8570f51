#!/bin/bash
# PostgreSQL load of one batch (docs/scale.md): N small generated counties checked by a server's 2
# in-process workers on the throw-away PostgreSQL of scripts/pg-test.sh with every statement logged;
# prints the statements by kind and the tuples written. Needs `swift build` (debug) first.
set -u
repo="$(cd "$(dirname "$0")/.." && pwd)"; bin=$repo/.build/debug; N=${N:-10}
work=$(mktemp -d /tmp/stdcheck-pgload-XXXXXX)
export STDCHECK_PG_DIR=$work/pg
url=$(bash $repo/scripts/pg-test.sh start | tail -1)
db="${url%/*}/batchload"
psql "$url" -q -c "DROP DATABASE IF EXISTS batchload" -c "CREATE DATABASE batchload"
psql "$url" -q -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
mkdir -p $work/root
echo "id,path,standard,region" > $work/root/m.csv
for i in $(seq 1 $N); do $bin/stdcheck-gen --polygons 300 --seed $i --output $work/root/c$i >/dev/null; echo "c$i,c$i,gtdc@2020,3301$(printf %02d $i)" >> $work/root/m.csv; done
$bin/stdcheck serve admin add-user --data $work/data --database "$db" --name a --role admin --password pw-a-123456 2>/dev/null
tok=$($bin/stdcheck serve admin add-token --data $work/data --database "$db" --user a --scopes submit,read 2>/dev/null | tail -1)
cd $repo; $bin/stdcheck serve --data $work/data --database "$db" --listen 127.0.0.1:0 --workers 2 --data-root $work/root 2> $work/serve.log &
srv=$!
for k in $(seq 1 100); do grep -q "serving http" $work/serve.log && break; sleep 0.3; done
port=$(grep -o "serving http://127.0.0.1:[0-9]*" $work/serve.log | grep -o "[0-9]*$")
log=$STDCHECK_PG_DIR/server.log
sleep 2
before=$(wc -l < $log); t0=$(date +%s.%N)
psql "$db" -At -c "SELECT sum(n_tup_ins), sum(n_tup_upd) FROM pg_stat_user_tables" > $work/stat0
id=$(STDCHECK_TOKEN=$tok $bin/stdcheck batch submit $work/root/m.csv --server http://127.0.0.1:$port)
STDCHECK_TOKEN=$tok $bin/stdcheck batch status $id --server http://127.0.0.1:$port --wait
t1=$(date +%s.%N)
sleep 1
psql "$db" -At -c "SELECT sum(n_tup_ins), sum(n_tup_upd) FROM pg_stat_user_tables" > $work/stat1
tail -n +$((before+1)) $log > $work/statements.log
kill $srv
echo "batch $id N=$N seconds=$(echo "$t1 - $t0" | bc)"
echo "statements logged: $(grep -c 'LOG:  \(statement\|execute\)' $work/statements.log)"
echo "claims (SKIP LOCKED): $(grep -c 'SKIP LOCKED' $work/statements.log)"
grep -o 'LOG:  \(statement\|execute [^:]*\): *[A-Z]* [A-Za-z_]* [A-Za-z_]*' $work/statements.log | sed 's/.*: *//' | sort | uniq -c | sort -rn | head -20
echo "tuples inserted/updated before: $(cat $work/stat0) after: $(cat $work/stat1)"
psql "$url" -q -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
bash $repo/scripts/pg-test.sh stop
rm -rf "$work"
