package session

// Command lines for the shell Hum runs them with on Windows (cmd /c): ping
// is the wait every Windows has; Node may be missing (under Wine it is), so
// the exception is printed as Node prints it.
const (
	sleepLine = "ping -n 31 127.0.0.1 >nul"
	pwdLine   = "cd"
	errorLine = `echo Error: kaboom& echo     at boom (C:\app\boom.js:1:24)& echo     at Object.^<anonymous^> (C:\app\boom.js:1:44)& exit /b 1`
)
