package discover

import "bytes"

// jvm lists what the Gradle or Maven wrapper in folder rel runs: `./gradlew
// bootRun` for a Spring Boot build (`./gradlew run` for the application
// plugin) and `./gradlew test`; `./mvnw spring-boot:run` for a Spring Boot
// pom.xml and `./mvnw test`. Without a wrapper nothing is listed: which
// Gradle or Maven a system has installed is anyone's guess.
func (s *scanner) jvm(rel string) {
	wrapper := func(unix, windows string) string {
		if isWindows {
			return windows
		}
		return unix
	}
	if s.firstExisting(rel, "gradlew", "gradlew.bat") != "" {
		build := s.firstExisting(rel, "build.gradle.kts", "build.gradle")
		var head []byte
		if build != "" {
			head = s.readHead(joinRel(rel, build), maxHeader)
		}
		w := wrapper("./gradlew", "gradlew")
		file := joinRel(rel, "gradlew")
		var scripts []Script
		add := func(task, desc string) {
			run := w + " " + task
			scripts = append(scripts, Script{ID: scriptID(SourceGradle, file, task), Source: SourceGradle, Name: task,
				Command: run, Run: run, Dir: rel, Description: desc})
		}
		switch {
		case bytes.Contains(head, []byte("org.springframework.boot")):
			add("bootRun", "Spring Boot's server")
		case bytes.Contains(head, []byte("application")):
			add("run", "")
		}
		add("test", "")
		s.add(file, scripts)
	}
	if s.firstExisting(rel, "mvnw", "mvnw.cmd") != "" {
		var head []byte
		if s.firstExisting(rel, "pom.xml") != "" {
			head = s.readHead(joinRel(rel, "pom.xml"), maxHeader)
		}
		w := wrapper("./mvnw", "mvnw")
		file := joinRel(rel, "mvnw")
		var scripts []Script
		add := func(goal, desc string) {
			run := w + " " + goal
			scripts = append(scripts, Script{ID: scriptID(SourceMaven, file, goal), Source: SourceMaven, Name: goal,
				Command: run, Run: run, Dir: rel, Description: desc})
		}
		if bytes.Contains(head, []byte("spring-boot-maven-plugin")) || bytes.Contains(head, []byte("spring-boot-starter")) {
			add("spring-boot:run", "Spring Boot's server")
		}
		add("test", "")
		s.add(file, scripts)
	}
}
