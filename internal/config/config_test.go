package config

import (
	"io"
	"strings"
	"testing"
)

func TestStoreSync(t *testing.T) {
	for env, want := range map[string]string{"": "normal", "normal": "normal", "full": "full"} {
		c, err := loadEnv(map[string]string{"IDEENWERK_STORE_SYNC": env})
		if env == "" {
			c, err = loadEnv(nil)
		}
		if err != nil || c.StoreSync != want {
			t.Fatalf("IDEENWERK_STORE_SYNC=%q: %+v, %v; want %q", env, c, err, want)
		}
	}
	if _, err := loadEnv(map[string]string{"IDEENWERK_STORE_SYNC": "off"}); err == nil || !strings.Contains(err.Error(), `IDEENWERK_STORE_SYNC: "off" is not normal or full`) {
		t.Fatalf("an unknown mode: %v", err)
	}
}

// TestSwitches: settings that are true or false take the flag alone as true, like Go's
// boolean flags; the environment still sets them, and a flag overrides it.
func TestSwitches(t *testing.T) {
	mongo := map[string]string{"IDEENWERK_MONGODB_URI": "mongodb://db:27017"}
	load := func(env map[string]string, args ...string) *Config {
		t.Helper()
		c, err := Load(args, func(k string) string { return env[k] }, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		return c
	}
	if load(mongo).Demo {
		t.Fatal("demo data on a MongoDB by default")
	}
	if !load(mongo, "--demo").Demo || !load(mongo, "-demo=true").Demo || load(nil, "--demo=false").Demo {
		t.Fatal("--demo")
	}
	if c := load(nil, "--strict-hosts", "--webhook-allow-loopback"); !c.StrictHosts || !c.WebhookAllowLoopback {
		t.Fatalf("switches alone: %+v", c)
	}
	if load(map[string]string{"IDEENWERK_DEMO": "false"}).Demo || !load(map[string]string{"IDEENWERK_DEMO": "false"}, "--demo").Demo {
		t.Fatal("IDEENWERK_DEMO and --demo")
	}
	if _, err := Load([]string{"--demo=vielleicht"}, func(string) string { return "" }, io.Discard); err == nil || !strings.Contains(err.Error(), "IDEENWERK_DEMO") {
		t.Fatalf("a value that is no switch: %v", err)
	}
}
