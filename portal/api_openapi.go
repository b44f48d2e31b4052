package portal

import "net/http"

func (s *Server) apiOpenAPI(c *apiCall) (int, any) {
	return http.StatusOK, s.openAPIDocument()
}
