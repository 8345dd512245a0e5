// Run by maven-invoker-plugin after the example build: with the Surefire configuration the README's quick start
// shows, every benchmark invocation's name in the XML reports carries its commits (and its point, where it has
// one), never just method()[N].
def reports = new File(basedir, 'target/surefire-reports')
def names = []
reports.eachFileMatch(~/TEST-.*\.xml/) { file ->
    new groovy.xml.XmlSlurper().parse(file).testcase.each { names << it.@name.text() }
}
assert !names.isEmpty() : "no test cases in ${reports}"
def bare = names.findAll { it ==~ /.*\)\[\d+\]/ }
assert bare.isEmpty() : "names without the point and commits: ${bare}"
def invocations = names.findAll { it =~ /\)\[\d+\] / }
assert !invocations.isEmpty() : "no benchmark invocations among ${names}"
assert invocations.every { it.contains(' → ') } : "names without the commits: ${invocations}"
def swept = invocations.findAll { it.startsWith('generation(') }
assert swept.every { it.contains('backend.cache_implementation=') } : "swept names without their point: ${swept}"
println "verify.groovy: ${invocations.size()} benchmark invocation name(s) carry the commits: ${invocations[0]}"
true
