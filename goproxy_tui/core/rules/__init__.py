"""Go's own rules, re-implemented from GOROOT/src so gotui can refuse bad input before Go sees it."""
