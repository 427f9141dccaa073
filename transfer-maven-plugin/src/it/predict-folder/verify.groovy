def log = new File(basedir, 'build.log').text
def classes = ['t-shirt_top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle_boot']
def summary = log.readLines().find { it.contains('Classified 100 images in ') }
assert summary != null : 'the one-line summary'
assert summary =~ /Classified 100 images in .*digits\/validation to target\/transfer\/predictions\.csv: \S+ \(\d+\)/ : summary
def counts = (summary =~ /(\S+) \((\d+)\)/).collect { [it[1], it[2] as int] }
assert counts.every { classes.contains(it[0]) } && counts.sum { it[1] } == 100 : "counts of fashion classes summing to 100: ${summary}"

def csv = new File(basedir, 'target/transfer/predictions.csv')
assert csv.isFile() : 'the CSV was not written'
def lines = csv.readLines('UTF-8')
assert lines.size() == 101 : "a header and 100 rows, got ${lines.size()} lines"
assert lines[0] == 'file,class,probability,class2,probability2,class3,probability3' : lines[0]
def rows = lines.drop(1).collect { it.split(',') as List }
assert rows*.get(0) == rows*.get(0).sort(false) : 'rows sorted by file'
assert rows[0][0] == '0/0_0030.png' : rows[0][0]
rows.each { row ->
    assert row.size() == 7 : row
    assert [row[1], row[3], row[5]].every { classes.contains(it) } : row
    def p = [row[2], row[4], row[6]].collect { it as double }
    assert p[0] >= p[1] && p[1] >= p[2] && p.sum() <= 1.000001 : row
}
assert !new File(basedir, 'target/transfer').listFiles().any { it.name.endsWith('.tmp') } : 'no temporary file left'
true
