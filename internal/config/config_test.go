package config

import (
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
