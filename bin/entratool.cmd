@echo off
rem entratool launcher for Windows: finds Java 17+, runs the jar, forwards arguments and the exit code.
rem JAVA_OPTS and ENTRATOOL_JAVA_OPTS are passed to the JVM; ENTRATOOL_JAR overrides the jar location.
setlocal
set "ENTRATOOL_BIN=%~dp0"
set "JAR=%ENTRATOOL_JAR%"
if not defined JAR if exist "%ENTRATOOL_BIN%..\lib\entratool.jar" set "JAR=%ENTRATOOL_BIN%..\lib\entratool.jar"
if not defined JAR if exist "%ENTRATOOL_BIN%..\target\entratool.jar" set "JAR=%ENTRATOOL_BIN%..\target\entratool.jar"
if not defined JAR (
  echo Error: entratool.jar not found next to %~f0 1>&2
  echo Hint: Build it with 'mvn -q -DskipTests package', or set ENTRATOOL_JAR 1>&2
  exit /b 1
)
set "JAVA_EXE=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
"%JAVA_EXE%" -version >nul 2>&1
if errorlevel 1 (
  echo Error: Java 17 or newer is needed, and none was found 1>&2
  echo Hint: Install a JDK 17+ and put it on PATH, or set JAVA_HOME 1>&2
  exit /b 1
)
"%JAVA_EXE%" -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:disable -Xlog:all=warning,cds=off,cds+dynamic=off:stderr -Dpicocli.disable.closures=true %JAVA_OPTS% %ENTRATOOL_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
